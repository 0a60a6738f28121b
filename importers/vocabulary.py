"""The header and status words of importers/vocabulary.toml, as plain Python data.

One file for the reader (`importers.layout`) and the writers (`importers.exporters`), so a
word added for one is known to both.
"""

import tomllib
from pathlib import Path

PATH = Path(__file__).with_name("vocabulary.toml")

with PATH.open("rb") as _file:
    _DATA = tomllib.load(_file)

# role → header words, in the file's order (the order breaks ties).
COLUMN_WORDS: dict[str, list[str]] = {
    role: list(entry["words"]) for role, entry in _DATA["roles"].items()
}
# whole header cell → role ("项目" alone heads the items' names).
EXACT_WORDS: dict[str, str] = {
    word: role for role, entry in _DATA["roles"].items() for word in entry.get("exact", ())
}
# Header words of columns kept as extra fields although they hold a role's word ("时间进度").
KEPT_WORDS: tuple[str, ...] = tuple(_DATA["kept"]["words"])
# 序号 of a row that sums up the table ("合计").
TOTAL_WORDS: tuple[str, ...] = tuple(_DATA["totals"]["words"])
# role → the header word the exports write.
EXPORT_LABELS: dict[str, str] = {role: entry["label"] for role, entry in _DATA["roles"].items()}
# role → the name the preview shows.
ROLE_LABELS: dict[str, str] = {role: entry["name"] for role, entry in _DATA["roles"].items()}
# A column kept as it is, under its own header words (Task.extra).
ROLE_LABELS["extra"] = "其他列（按原文保留）"
# [(status, words)], longest words first within a status.
STATUS_WORDS: list[tuple[str, tuple[str, ...]]] = [
    (status, tuple(sorted(words, key=len, reverse=True)))
    for status, words in _DATA["statuses"].items()
]
STATUS_LABELS: dict[str, str] = dict(_DATA["status_labels"])
TITLE_WORDS: tuple[str, ...] = tuple(_DATA["title"]["words"])
METADATA_WORDS: tuple[str, ...] = tuple(_DATA["page"]["metadata"])
SIGNATURE_WORDS: tuple[str, ...] = tuple(_DATA["page"]["signature"])
# mark of a status column ("√", "否", "●") → status; a legend below the table may add others.
STATUS_MARKS: dict[str, str] = {
    mark: status for status, marks in _DATA["status_marks"].items() for mark in marks
}
