"""Proposing a task's numeric target from its content. Pure functions, no I/O.

"力争城镇新增就业6000人以上" → (6000, "人"). Only countable measures qualify: money, rates,
ages and dates ("提高至2040元", "覆盖率达到95%", "65岁", "2024年底前") never do. The result
is a proposal the office checks, never a fact read from the document.
"""

import re
from decimal import Decimal

# Countable measure words, longest first so that "人次" wins over "人" and "千米" over "米".
UNITS = sorted(
    {
        "人", "人次", "户", "户次", "家", "个", "所", "套", "间", "张", "名", "场", "宗",
        "座", "条", "辆", "台", "公里", "千米", "米", "平方米", "亩", "册", "期", "次",
        "处", "栋", "级", "份", "例", "种", "批次", "项", "盏", "棵", "株",
    },
    key=len,
    reverse=True,
)  # fmt: skip
MULTIPLIERS = {"万": Decimal(10000), "亿": Decimal(100000000)}

# A number (not part of a longer number, a code like "G6PD" or an ordinal "第3期"), an
# optional 万/亿 and a measure word. Layout spaces may sit between them ("6 万份").
CANDIDATE_RE = re.compile(
    r"(?<![\dA-Za-z.第])(?P<number>\d+(?:\.\d+)?)\s*(?P<multiplier>[万亿])?\s*"
    r"(?P<unit>" + "|".join(map(re.escape, UNITS)) + ")"
)
# Words that mark the number as the commitment ("新增…", "完成…", "…以上").
KEYWORDS = (
    "新增|建成|完成|实现|改造|新建|培训|提供|开展|招收|累计|覆盖|达到|不少于|不低于|超过"
    "|合计|共计|扩大至|增加"
)
KEYWORD_RE = re.compile(KEYWORDS)
AT_LEAST_AFTER_RE = re.compile(r"\s*(?:以上|及以上)")
# A rate, not a count: "每千人6.4批次", "100人/天", "3个月", "2个百分点".
PER_BEFORE_RE = re.compile(r"每[^\d，。；;,！？]{0,4}$")
PER_AFTER_RE = re.compile(r"\s*(?:[/／]|每)")
NOT_A_COUNT_AFTER = {"个": re.compile(r"月|工作日|小时|百分点|季度")}
CLAUSE_END = "，。；;！？!?：:\n（）()"
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")
THOUSANDS_RE = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


CLAUSE_END_RE = re.compile("[" + re.escape(CLAUSE_END) + "]")
LAST_CLAUSE_END_RE = re.compile(
    "[" + re.escape(CLAUSE_END) + "][^" + re.escape(CLAUSE_END) + r"]*\Z"
)


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    last = LAST_CLAUSE_END_RE.search(text, 0, start)
    following = CLAUSE_END_RE.search(text, end)
    return (last.start() + 1 if last else 0), (following.start() if following else len(text))


def _value(number: str, multiplier: str | None) -> Decimal:
    value = Decimal(number) * MULTIPLIERS.get(multiplier or "", Decimal(1))
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def propose_target(text: str) -> tuple[Decimal, str] | None:
    """The countable target `text` commits to, as (value, measure word), or None.

    Among several counts, the first one announced by a keyword in its clause ("新增",
    "完成", "不少于", … before it, or "以上" right after it) wins; then the first one
    with such a keyword later in its clause ("对10座桥梁进行改造"); then the first one.
    """
    text = THOUSANDS_RE.sub("", (text or "").translate(FULL_WIDTH_DIGITS))
    best: tuple[int, int, Decimal, str] | None = None
    for match in CANDIDATE_RE.finditer(text):
        unit = match.group("unit")
        start, end = match.start(), match.end()
        # PER_BEFORE_RE needs at most the six characters before the number ("$" may stand
        # before a last line break).
        if PER_BEFORE_RE.search(text, max(0, start - 6), start) or PER_AFTER_RE.match(text, end):
            continue
        guard = NOT_A_COUNT_AFTER.get(unit)
        if guard and guard.match(text, end):
            continue
        value = _value(match.group("number"), match.group("multiplier"))
        if value <= 0:
            continue
        left, right = _clause_bounds(text, start, end)
        if KEYWORD_RE.search(text, left, start) or AT_LEAST_AFTER_RE.match(text, end):
            rank = 0
        elif KEYWORD_RE.search(text, end, right):
            rank = 1
        else:
            rank = 2
        if best is None or rank < best[0]:
            best = (rank, start, value, unit)
    return (best[2], best[3]) if best else None
