"""Normalising the names people write in tables: units, persons, leaders.

Pure functions; the importer and the admin use the same rules so that "市医保局",
"市医疗保障局" and "市 医保局" all mean one unit.
"""

import functools
import re
import unicodedata

HALF_TO_FULL_BRACKETS = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "：", ";": "；"})

# Short forms that offices write for the long official names. The key of a unit
# expands each short form, so either spelling finds the same unit.
SHORT_FORMS = {
    "医保局": "医疗保障局",
    "市场监管局": "市场监督管理局",
    "人社局": "人力资源社会保障局",
    "住建局": "住房城乡建设局",
    "发改局": "发展改革局",
    "卫健局": "卫生健康局",
    "城管局": "城市管理综合执法局",
    "城管执法局": "城市管理综合执法局",
    "政数局": "政务服务数据管理局",
    "文广旅体局": "文化广电旅游体育局",
}

WHITESPACE_RE = re.compile(r"[\s\u3000]+")


def clean_name(text: str) -> str:
    """A name as it should be stored: no layout spaces, full-width brackets."""
    text = unicodedata.normalize("NFKC", text or "")
    # NFKC turns full-width brackets into half-width ones; Chinese text uses full-width.
    return WHITESPACE_RE.sub("", text).translate(HALF_TO_FULL_BRACKETS)


@functools.lru_cache(maxsize=4096)
def unit_key(name: str) -> str:
    """The comparison key of a unit name: variants of one unit share it.

    Kept for the names last asked: an import asks for the same few dozen units' keys
    thousands of times (each row's units, the lead unit, the directory of known units)."""
    # "市城市管理和综合执法局" and "市城市管理综合执法局" are one bureau.
    key = clean_name(name).replace("和", "")
    for short, long in SHORT_FORMS.items():
        key = key.replace(long.replace("和", ""), short)
    return key


NAME_SEPARATORS_RE = re.compile(r"[\n、;；,，]+")
BRACKETED_RE = re.compile(r"[（(][^（()）\n]*[）)]")


def split_names(text: str) -> list[str]:
    """Split a cell listing names into names.

    Names are separated by line breaks, "、" or spaces; a single character separated
    by spaces is a layout space inside a two-character name ("张 璐" is 张璐).
    """
    names: list[str] = []
    # "各县（市、区）政府" is one name: a separator inside brackets does not split.
    text = BRACKETED_RE.sub(lambda m: m.group(0).replace("、", "\x00"), text or "")
    for line in NAME_SEPARATORS_RE.split(text):
        tokens = [t for t in WHITESPACE_RE.split(line.strip()) if t]
        pending = ""
        for token in tokens:
            if pending:
                names.append(pending + token)
                pending = ""
            elif len(token) == 1:
                pending = token
            else:
                names.append(token)
        if pending:
            names.append(pending)
    cleaned = (clean_name(n.replace("\x00", "、")) for n in names)
    return [name for name in cleaned if name]


# "牵头：县医保局", "配合单位：县卫健局": a label opening a line (or a part after "；") of a
# unit list; "县教育局（牵头）": the lead marked after its name.
UNIT_LABEL_RE = re.compile(
    r"^\s*(?P<label>牵头单位|牵头部门|牵头|配合单位|配合部门|配合|协办单位|协办|参与单位|责任单位)"
    r"\s*[:：]\s*"
)
LEAD_MARK_RE = re.compile(r"\s*[（(]\s*牵头(?:单位|部门)?\s*[）)]\s*$")
UNIT_PART_RE = re.compile(r"[\n;；]+")
# Characters without which a cell holds none of the above (the common case, read fast).
UNIT_MARK_CHARS_RE = re.compile(r"[/／牵配协参责]")


def split_units(text: str) -> tuple[list[str], str | None]:
    """A unit cell's names and the lead unit it marks (None when it marks none).

    Beyond split_names: "/" separates names too; "牵头：A" / "配合：B、C" label the parts of
    the list, and "A（牵头）" marks the lead after its name. The labels and marks are not
    part of any name.
    """
    if not UNIT_MARK_CHARS_RE.search(text or ""):
        return split_names(text), None  # no label, mark or slash: a plain list
    names: list[str] = []
    lead = None
    for part in UNIT_PART_RE.split(text or ""):
        label = UNIT_LABEL_RE.match(part)
        if label:
            part = part[label.end() :]
        found = split_names(re.sub(r"[/／]", "、", part))
        for index, name in enumerate(found):
            marked = LEAD_MARK_RE.search(name)
            if marked:
                name = name[: marked.start()]
            leading = label is not None and label["label"].startswith("牵头") and not index
            if lead is None and (marked or leading):
                lead = name
            if name:
                names.append(name)
    return names, lead


# "13912345678", "0750-3201234", "电话：3201234": a telephone number written beside a name.
PHONE_RE = re.compile(
    r"(?:(?:联系)?电话|手机|座机|Tel|TEL)?\s*[:：]?\s*"
    r"(?<![\d.])(?:1[3-9]\d{9}|(?:0\d{2,3}\s*[-－—]?\s*)?\d{7,8})(?![\d.])"
)
BRACKETED_PHONE_RE = re.compile(r"[（(][^（()）]*?" + PHONE_RE.pattern + r"[^（()）]*?[）)]")


def strip_phones(text: str) -> tuple[str, list[str]]:
    """`text` without the telephone numbers written in it ("张三 13912345678", "赵六（电话：
    0750-3201234）"), and those numbers: a number is never a name."""
    phones = [m.group(0).strip() for m in PHONE_RE.finditer(text or "")]
    if not phones:
        return text or "", []
    text = BRACKETED_PHONE_RE.sub("", text)
    return PHONE_RE.sub("", text), phones
