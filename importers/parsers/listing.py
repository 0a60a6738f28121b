"""A programme published as a numbered list, not a table (text copied from a web page):

    一、教育类（2件）
    1.新建中小学校
    新建中小学5所，新增学位6000个。
    责任单位：市教育局、市财政局
    2.轨道交通1号线投入试运营。 牵头领导：王某 责任单位：市轨道交通指挥部 实际完成情况：…

Each "N." line opens an item; "责任单位：…" and the other labels of the vocabulary
(importers/vocabulary.toml) become its columns; plain lines under the opening line are its
content, the opening line then being its title. The result is a table like any other, so
`importers.layout` reads it with the same rules and warnings.
"""

import re

from ..document import Cell, RawDocument, Row, Table
from ..vocabulary import COLUMN_WORDS

ITEM_RE = re.compile(r"^\s*(\d{1,3})\s*[.．、]\s*(?!\d)(\S.*)$")
HEADING_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[）)])\s*\S"
)
# The roles a list writes as "label：value"; number, title and content are the list itself.
LABELLED_ROLES = [r for r in COLUMN_WORDS if r not in ("category", "number", "title", "content")]
_WORDS = sorted({w for r in LABELLED_ROLES for w in COLUMN_WORDS[r]}, key=len, reverse=True)
# "责任单位：", "项目责任人：" (a few words before the vocabulary word belong to the label when
# they start after a space or punctuation), "实际完成情况：".
LABEL_RE = re.compile(
    r"(?:(?:(?<=[\s。；;，,：:])|^)([\u4e00-\u9fff]{1,4}))?("
    + "|".join(re.escape(w) for w in _WORDS)
    + r")\s*[:：]"
)


def looks_like_list(lines: list[str]) -> bool:
    """Two numbered lines or more, and a labelled value among the lines."""
    items = sum(1 for line in lines if ITEM_RE.match(line))
    return items >= 2 and any(LABEL_RE.search(line) for line in lines)


def _labelled(text: str) -> tuple[str, list[tuple[str, str]]]:
    """(text before the first label, [(label, value)]) of one line."""
    matches = list(LABEL_RE.finditer(text))
    if not matches:
        return text, []
    pairs = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        label = (match.group(1) or "") + match.group(2)
        pairs.append((label, text[match.end() : end].strip().rstrip("。；;，,")))
    return text[: matches[0].start()].strip(), pairs


def parse_list(lines: list[str], name: str, is_metadata) -> RawDocument:
    from ..layout import role_of

    document = RawDocument(name=name)
    labels: list[str] = []
    items: list[dict] = []
    rows: list[tuple[str, dict | str]] = []  # (where, item or heading text)
    current: dict | None = None
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text or is_metadata(text):
            continue
        opened = ITEM_RE.match(text)
        if opened:
            head, pairs = _labelled(opened.group(2))
            current = {"number": opened.group(1), "head": head, "lines": [], "values": {}}
            items.append(current)
            rows.append((f"第{number}行", current))
        elif current is None and not HEADING_RE.match(text):
            document.paragraphs.append(text)
            continue
        elif HEADING_RE.match(text) and not LABEL_RE.search(text):
            rows.append((f"第{number}行", text))
            current = None
            continue
        else:
            head, pairs = _labelled(text)
            if current is None:
                document.notes.append(text)
                continue
            if head:
                current["lines"].append(head)
        for label, value in pairs:
            # One column a role: 牵头单位 on one item and 责任单位 on the next are one column,
            # named by the first label seen.
            role = role_of(label)
            column = next((known for known in labels if role_of(known) == role), None)
            if column is None:
                labels.append(label)
                column = label
            values = current["values"]
            values[column] = "、".join(v for v in (values.get(column), value) if v)
    table = Table(
        rows=[Row(cells=[Cell(t) for t in ["序号", "事项名称", "具体内容", *labels]], where="")]
    )
    for where, entry in rows:
        if isinstance(entry, str):
            table.rows.append(Row(cells=[Cell(entry)], where=where))
            continue
        # The opening line is the title when lines of content follow it.
        title, content = (
            (entry["head"], "\n".join(entry["lines"])) if entry["lines"] else ("", entry["head"])
        )
        cells = [entry["number"], title, content] + [
            entry["values"].get(label, "") for label in labels
        ]
        table.rows.append(Row(cells=[Cell(t) for t in cells], where=where))
    table.rows[0].where = rows[0][0] if rows else "第1行"
    document.tables.append(table)
    return document
