"""Reporting periods: a month or a quarter of a year. Pure functions, no I/O.

A period has a key that sorts and reads well in URLs ("2024-03", "2024-Q1") and a due date
that depends on the program's rule: 开平 wants each month's report "每月底前" (by the period's
last day), 江海区 wants each quarter's "于每季度的首月1日前" (by the next period's first day).
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

MONTHLY = "monthly"
QUARTERLY = "quarterly"
PERIOD_END = "period_end"
NEXT_PERIOD_START = "next_period_start"

# The words a period's label is made of (English: "March", "1").
MONTH_NAMES = {
    1: pgettext_lazy("month name", "1月"),
    2: pgettext_lazy("month name", "2月"),
    3: pgettext_lazy("month name", "3月"),
    4: pgettext_lazy("month name", "4月"),
    5: pgettext_lazy("month name", "5月"),
    6: pgettext_lazy("month name", "6月"),
    7: pgettext_lazy("month name", "7月"),
    8: pgettext_lazy("month name", "8月"),
    9: pgettext_lazy("month name", "9月"),
    10: pgettext_lazy("month name", "10月"),
    11: pgettext_lazy("month name", "11月"),
    12: pgettext_lazy("month name", "12月"),
}
QUARTER_NUMERALS = {
    1: pgettext_lazy("quarter number", "一"),
    2: pgettext_lazy("quarter number", "二"),
    3: pgettext_lazy("quarter number", "三"),
    4: pgettext_lazy("quarter number", "四"),
}

KEY_RE = re.compile(r"^(\d{4})-(?:Q([1-4])|(0[1-9]|1[0-2]))$")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    index: int  # the month (1–12) or the quarter (1–4)
    cadence: str = MONTHLY

    @classmethod
    def parse(cls, key: str) -> "Period":
        """ "2024-03" → March 2024, "2024-Q1" → first quarter; ValueError otherwise."""
        match = KEY_RE.fullmatch(key or "")
        if not match:
            raise ValueError(f"not a period: {key!r}")
        if match.group(2):
            return cls(int(match.group(1)), int(match.group(2)), QUARTERLY)
        return cls(int(match.group(1)), int(match.group(3)), MONTHLY)

    @classmethod
    def containing(cls, cadence: str, day: datetime.date) -> "Period":
        index = day.month if cadence == MONTHLY else (day.month - 1) // 3 + 1
        return cls(day.year, index, cadence)

    @property
    def key(self) -> str:
        if self.cadence == QUARTERLY:
            return f"{self.year}-Q{self.index}"
        return f"{self.year}-{self.index:02d}"

    @property
    def months(self) -> tuple[int, int]:
        if self.cadence == QUARTERLY:
            return self.index * 3 - 2, self.index * 3
        return self.index, self.index

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, self.months[0], 1)

    @property
    def end(self) -> datetime.date:
        month = self.months[1]
        return datetime.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def label(self) -> str:
        """ "2024年3月" / "2024年第一季度" (in English "March 2024" / "Q1 2024")."""
        if self.cadence == QUARTERLY:
            quarter = QUARTER_NUMERALS[self.index]
            return _("%(year)s年第%(quarter)s季度") % {"year": self.year, "quarter": quarter}
        month = MONTH_NAMES[self.index]
        return _("%(year)s年%(month)s") % {"year": self.year, "month": month}

    def due(self, rule: str) -> datetime.date:
        """The last day on which this period's report is on time."""
        if rule == NEXT_PERIOD_START:
            return self.end + datetime.timedelta(days=1)
        return self.end

    def __str__(self):
        return self.label


def periods_of_year(cadence: str, year: int) -> list[Period]:
    return [Period(year, index, cadence) for index in range(1, 13 if cadence == MONTHLY else 5)]


def required_periods(
    cadence: str, year: int, rule: str, first_due: datetime.date | None
) -> list[Period]:
    """The periods of `year` a unit must report on: none due before the first report date.

    开平 2024 says "首次报送时间为3月31日": January and February need no report of their own.
    """
    periods = periods_of_year(cadence, year)
    if first_due is None:
        return periods
    return [p for p in periods if p.due(rule) >= first_due]
