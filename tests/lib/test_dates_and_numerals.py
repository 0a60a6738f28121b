import datetime

import pytest

from minsheng.lib.dates import find_year, parse_deadline, quarter_end, read_deadline
from minsheng.lib.numerals import chinese_ordinal, chinese_to_int, quarter_label, title_count
from minsheng.lib.text import clean_paragraphs, strip_html


def test_deadline_with_a_day():
    assert parse_deadline("12 月 10 日", 2021) == datetime.date(2021, 12, 10)


def test_end_of_month_deadline_is_the_last_day():
    assert parse_deadline("11 月底", 2021) == datetime.date(2021, 11, 30)
    assert parse_deadline("2月底", 2024) == datetime.date(2024, 2, 29)


def test_text_without_a_date_has_no_deadline():
    assert parse_deadline("尽快", 2021) is None


def test_impossible_date_is_an_error():
    with pytest.raises(ValueError):
        parse_deadline("2 月 30 日", 2021)


def test_quarter_ends():
    assert [quarter_end(2017, q) for q in (1, 2, 3, 4)] == [
        datetime.date(2017, 3, 31),
        datetime.date(2017, 6, 30),
        datetime.date(2017, 9, 30),
        datetime.date(2017, 12, 31),
    ]


def test_year_from_a_title():
    assert find_year("2021 年市十件民生实事任务分解表") == 2021
    assert find_year("（共24项）") is None


def test_chinese_numerals_both_ways():
    for number in (1, 9, 10, 11, 20, 37, 99):
        assert chinese_to_int(chinese_ordinal(number)) == number
    assert chinese_to_int("十") == 10
    assert chinese_to_int("提高") is None


def test_quarter_labels():
    assert quarter_label(1, 1) == "一季度"
    assert quarter_label(2, 4) == "二至四季度"


def test_html_fragments_become_plain_paragraphs():
    text = "<p>3月31日前：制定计划。</p> <p>6月30日前：完成&nbsp;50%。</p>"
    assert clean_paragraphs(text) == "3月31日前：制定计划。\n6月30日前：完成\xa050%。"
    assert "<" not in strip_html(text)


@pytest.mark.parametrize(
    "title, count",
    [
        ("2025年十件民生实事", (10, "件")),
        ("15件民生实事", (15, "件")),
        ("十大民生实事项目", (10, "大")),
        ("2024年民生实事（共十二项）", (12, "项")),
        ("关于印发2025年某县两件惠民实事的通知", (2, "件")),
        ("开平市2024年十五件民生实事", (15, "件")),
        # a year or a date is never a count
        ("2025年民生实事", None),
        ("2025年12月15日民生实事项目", None),
        ("2025件民生实事", None),
        ("共收到建议120件，民生问题居多", None),
        ("民生实事", None),
    ],
)
def test_the_count_a_title_declares(title, count):
    assert title_count(title) == count


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("45838", datetime.date(2025, 6, 30)),  # Excel's serial, the cell left unformatted
        ("46022", datetime.date(2025, 12, 31)),
        ("6.30", datetime.date(2025, 6, 30)),
        ("6/30前", datetime.date(2025, 6, 30)),
        ("2025/6/30", datetime.date(2025, 6, 30)),
        ("6月", datetime.date(2025, 6, 30)),
        ("300", None),  # a figure, no date
    ],
)
def test_deadlines_as_spreadsheets_write_them(text, due):
    assert read_deadline(text, 2025) == due


def test_a_month_and_day_that_do_not_exist_are_an_error():
    with pytest.raises(ValueError):
        read_deadline("6.31", 2025)
