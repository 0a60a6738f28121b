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
