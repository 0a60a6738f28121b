"""Dates as Chinese planning tables write them. Pure functions, no I/O."""

import calendar
import datetime
import re

DEADLINE_RE = re.compile(r"(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日|(底|末))")
YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def quarter_end(year: int, quarter: int) -> datetime.date:
    return month_end(year, quarter * 3)


def parse_deadline(text: str, year: int) -> datetime.date | None:
    """ "12 月 10 日" → 12-10, "11 月底" → 11-30 of `year`; None when the text names no date.

    Raises ValueError for a date that does not exist ("2 月 30 日").
    """
    match = DEADLINE_RE.search(text or "")
    if not match:
        return None
    month = int(match.group(1))
    if match.group(2):
        return datetime.date(year, month, int(match.group(2)))
    return month_end(year, month)


def find_year(text: str) -> int | None:
    match = YEAR_RE.search(text or "")
    return int(match.group(1)) if match else None


# "2025.12", "2025-10-31", "2025/6/30": a date written with figures only.
FIGURE_DATE_RE = re.compile(
    r"((?:19|20)\d{2})\s*[.\-/／．]\s*(\d{1,2})(?:\s*[.\-/／．]\s*(\d{1,2}))?(?!\d)"
)
# "6月至12月", "6-12月", "2025年3月—2026年6月": a period; its end is the deadline.
RANGE_RE = re.compile(r"[至到~～—–－-]+")
QUARTER_RE = re.compile(r"([一二三四1-4])\s*季度")
QUARTER_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
YEAR_END_RE = re.compile(r"年底|年内|年末|全年|下半年")
BARE_MONTH_RE = re.compile(r"(\d{1,2})\s*月")
# 45838: a date Excel stores as days since 1899-12-30, shown as a number in a cell left
# unformatted (2000-01-01 … 2099-12-31).
EXCEL_SERIAL_RE = re.compile(r"^(3[6-9]\d{3}|[4-6]\d{4}|7[0-2]\d{3})(?:\.0+)?$")
EXCEL_EPOCH = datetime.date(1899, 12, 30)
# "6.30", "6/30前": month and day without a year.
MONTH_DAY_RE = re.compile(r"^(\d{1,2})\s*[./／．]\s*(\d{1,2})\s*日?\s*(?:之?前|以前)?$")


def read_deadline(text: str, year: int) -> datetime.date | None:
    """The completion date a 完成时限 cell names, however offices write it; None when the
    text names none ("持续推进", "长期").

    Beyond parse_deadline: a year written in the cell wins over `year` ("2026年6月底前");
    figures ("2025.12", "2025-10-31", "6.30"), an Excel serial left unformatted (45838 is
    2025-06-30); the end of a period ("6月至12月"; years alone,
    "2024-2026年", name no date);
    a quarter ("第三季度", "三季度末"), half year ("上半年", "下半年"), "年底"/"全年", a month
    alone ("9月投入使用"). Raises ValueError for a date that does not exist.
    """
    text = (text or "").strip()
    serial = EXCEL_SERIAL_RE.match(text)
    if serial:
        return EXCEL_EPOCH + datetime.timedelta(days=int(serial.group(1)))
    month_day = MONTH_DAY_RE.match(text)
    if month_day:
        return datetime.date(year, int(month_day.group(1)), int(month_day.group(2)))
    figures = FIGURE_DATE_RE.search(text)
    if figures and not RANGE_RE.search(text[figures.end() :]):
        found_year, month, day = (int(g) if g else None for g in figures.groups())
        if day:
            return datetime.date(found_year, month, day)
        return month_end(found_year, month) if 1 <= month <= 12 else None
    year = find_year(text) or year
    parts = [p for p in RANGE_RE.split(text) if p.strip()]
    if len(parts) > 1:
        tail = read_deadline(parts[-1], year)
        if tail is not None:
            return tail
    found = parse_deadline(text, year)
    if found is not None:
        return found
    quarters = QUARTER_RE.findall(text)
    if quarters:
        return quarter_end(year, QUARTER_NUMBERS[quarters[-1]])
    if "上半年" in text or "年中" in text:
        return month_end(year, 6)
    if YEAR_END_RE.search(text):
        return month_end(year, 12)
    month = BARE_MONTH_RE.search(text)
    if month and 1 <= int(month.group(1)) <= 12:
        return month_end(year, int(month.group(1)))
    return None


# "截至6月底", "截至2025年9月30日", "截止10月": the day a progress table speaks of.
AS_OF_RE = re.compile(
    r"截[至止]\s*(?:((?:19|20)\d{2})\s*年\s*)?(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日|底|末)?"
)


def as_of_date(text: str, year: int) -> datetime.date | None:
    """The day "截至…" names in `text` (a month alone is its last day), in `year` unless the
    text writes its own; None when it names none or no real day."""
    match = AS_OF_RE.search(text or "")
    if not match:
        return None
    written, month, day = match.groups()
    try:
        if day:
            return datetime.date(int(written or year), int(month), int(day))
        return month_end(int(written or year), int(month))
    except ValueError:  # "截至13月", "截至2月30日"
        return None
