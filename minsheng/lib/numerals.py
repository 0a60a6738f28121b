"""Chinese numerals as they appear in ordinals: 一、 （十）, 第十二."""

import re

DIGITS = "零一二三四五六七八九"


def chinese_to_int(text: str) -> int | None:
    """Read a Chinese numeral up to 99 ("十二" → 12); None when it is not one."""
    text = text.strip()
    if not text or any(ch not in DIGITS + "十" for ch in text):
        return None
    if "十" not in text:
        return DIGITS.index(text) if len(text) == 1 else None
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1:
        return None
    value = (DIGITS.index(tens) if tens else 1) * 10
    return value + (DIGITS.index(units) if units else 0)


def chinese_ordinal(number: int) -> str:
    """12 → 十二 (for 1..99)."""
    if not 0 < number < 100:
        return str(number)
    tens, units = divmod(number, 10)
    if tens == 0:
        return DIGITS[units]
    return (DIGITS[tens] if tens > 1 else "") + "十" + (DIGITS[units] if units else "")


QUARTER_NAMES = {1: "一", 2: "二", 3: "三", 4: "四"}


def quarter_label(first: int, last: int) -> str:
    """(2, 4) → 二至四季度; (1, 1) → 一季度."""
    if first == last:
        return f"{QUARTER_NAMES[first]}季度"
    return f"{QUARTER_NAMES[first]}至{QUARTER_NAMES[last]}季度"


# "十件民生实事", "15件民生实事", "十大民生实事项目", "两项惠民实事", "（共十二项）": how many a
# title says its programme holds. The count is always right before 件/大/项, so a year
# ("2025年") or a date ("12月15日") is never one; digits may not follow other digits.
TITLE_COUNT_RE = re.compile(
    r"(?<![\d０-９.．])(?P<count>\d{1,3}|[零一二两三四五六七八九十]{1,3})\s*(?P<word>[件大项])\s*"
    r"(?:重点|重大)?\s*(?:民生|惠民|为民)"
    r"|[（(]\s*共\s*(?P<total>\d{1,3}|[零一二两三四五六七八九十]{1,3})\s*(?P<total_word>[件项])\s*[）)]"
)


def title_count(text: str) -> tuple[int, str] | None:
    """The count a title declares and its measure word ("2025年十件民生实事" → (10, "件"),
    "十大民生实事" → (10, "大"), "（共12项）" → (12, "项")), or None."""
    for match in TITLE_COUNT_RE.finditer(text or ""):
        written = (match.group("count") or match.group("total")).replace("两", "二")
        value = int(written) if written.isdigit() else chinese_to_int(written)
        if value:
            return value, match.group("word") or match.group("total_word")
    return None
