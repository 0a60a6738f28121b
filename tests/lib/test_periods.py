"""Reporting periods: keys, labels, bounds, due dates and which periods need a report."""

import datetime

import pytest

from minsheng.lib.periods import (
    MONTHLY,
    NEXT_PERIOD_START,
    PERIOD_END,
    QUARTERLY,
    Period,
    periods_of_year,
    required_periods,
)


def test_a_month_key_parses_to_a_monthly_period():
    assert Period.parse("2024-03") == Period(2024, 3, MONTHLY)


def test_a_quarter_key_parses_to_a_quarterly_period():
    assert Period.parse("2024-Q1") == Period(2024, 1, QUARTERLY)


@pytest.mark.parametrize("key", ["2024-13", "2024-00", "2024-3", "2024-Q5", "2024-Q0", "abc", ""])
def test_a_key_that_is_not_a_period_is_refused(key):
    with pytest.raises(ValueError):
        Period.parse(key)


def test_none_is_refused_as_a_key():
    with pytest.raises(ValueError):
        Period.parse(None)


@pytest.mark.parametrize("key", ["2024-03", "2024-12", "2024-Q1", "2024-Q4"])
def test_a_parsed_key_reads_back_the_same(key):
    assert Period.parse(key).key == key


def test_a_month_is_labelled_with_its_year_and_month():
    assert Period(2024, 3).label == "2024年3月"
    assert str(Period(2024, 11)) == "2024年11月"


def test_a_quarter_is_labelled_with_a_chinese_ordinal():
    assert Period(2024, 1, QUARTERLY).label == "2024年第一季度"
    assert Period(2024, 4, QUARTERLY).label == "2024年第四季度"


def test_a_month_starts_on_the_first_and_ends_on_its_last_day():
    march = Period(2024, 3)
    assert (march.start, march.end) == (datetime.date(2024, 3, 1), datetime.date(2024, 3, 31))
    assert Period(2024, 4).end == datetime.date(2024, 4, 30)


def test_february_of_a_leap_year_ends_on_the_29th():
    assert Period(2024, 2).end == datetime.date(2024, 2, 29)
    assert Period(2023, 2).end == datetime.date(2023, 2, 28)


@pytest.mark.parametrize(
    "quarter, start, end",
    [
        (1, datetime.date(2017, 1, 1), datetime.date(2017, 3, 31)),
        (2, datetime.date(2017, 4, 1), datetime.date(2017, 6, 30)),
        (3, datetime.date(2017, 7, 1), datetime.date(2017, 9, 30)),
        (4, datetime.date(2017, 10, 1), datetime.date(2017, 12, 31)),
    ],
)
def test_a_quarter_spans_its_three_months(quarter, start, end):
    period = Period(2017, quarter, QUARTERLY)
    assert (period.start, period.end) == (start, end)


def test_march_report_of_kaiping_is_due_on_march_31():
    assert Period(2024, 3).due(PERIOD_END) == datetime.date(2024, 3, 31)


def test_february_report_due_at_period_end_is_due_on_the_29th_in_a_leap_year():
    assert Period(2024, 2).due(PERIOD_END) == datetime.date(2024, 2, 29)


def test_first_quarter_report_of_jianghai_is_due_on_april_1():
    assert Period(2017, 1, QUARTERLY).due(NEXT_PERIOD_START) == datetime.date(2017, 4, 1)


def test_fourth_quarter_report_due_at_next_period_start_falls_in_the_next_year():
    assert Period(2017, 4, QUARTERLY).due(NEXT_PERIOD_START) == datetime.date(2018, 1, 1)


def test_a_quarter_due_at_period_end_is_due_on_its_last_day():
    assert Period(2017, 2, QUARTERLY).due(PERIOD_END) == datetime.date(2017, 6, 30)


@pytest.mark.parametrize(
    "day, month",
    [
        (datetime.date(2024, 1, 1), 1),
        (datetime.date(2024, 2, 29), 2),
        (datetime.date(2024, 12, 31), 12),
    ],
)
def test_the_month_containing_a_day_is_that_days_month(day, month):
    assert Period.containing(MONTHLY, day) == Period(2024, month, MONTHLY)


@pytest.mark.parametrize(
    "day, quarter",
    [
        (datetime.date(2024, 1, 1), 1),
        (datetime.date(2024, 3, 31), 1),
        (datetime.date(2024, 4, 1), 2),
        (datetime.date(2024, 9, 30), 3),
        (datetime.date(2024, 10, 1), 4),
        (datetime.date(2024, 12, 31), 4),
    ],
)
def test_the_quarter_containing_a_day_follows_the_calendar_quarters(day, quarter):
    assert Period.containing(QUARTERLY, day) == Period(2024, quarter, QUARTERLY)


def test_a_year_has_twelve_months_in_order():
    months = periods_of_year(MONTHLY, 2024)
    assert [p.key for p in months] == [f"2024-{m:02d}" for m in range(1, 13)]


def test_a_year_has_four_quarters_in_order():
    quarters = periods_of_year(QUARTERLY, 2024)
    assert [p.key for p in quarters] == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]


def test_kaiping_needs_no_report_for_january_and_february_when_the_first_is_due_march_31():
    periods = required_periods(MONTHLY, 2024, PERIOD_END, datetime.date(2024, 3, 31))
    assert periods[0] == Period(2024, 3)
    assert len(periods) == 10
    assert periods[-1] == Period(2024, 12)


def test_every_month_is_required_when_there_is_no_first_due_date():
    assert required_periods(MONTHLY, 2024, PERIOD_END, None) == periods_of_year(MONTHLY, 2024)


def test_a_quarter_due_after_the_first_due_date_is_still_required():
    # Q1 is due 2024-04-01 under the next-period-start rule, after a first due of 03-31.
    periods = required_periods(QUARTERLY, 2024, NEXT_PERIOD_START, datetime.date(2024, 3, 31))
    assert [p.key for p in periods] == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]


def test_quarters_due_before_a_mid_year_first_due_date_are_not_required():
    periods = required_periods(QUARTERLY, 2024, PERIOD_END, datetime.date(2024, 7, 1))
    assert [p.key for p in periods] == ["2024-Q3", "2024-Q4"]
