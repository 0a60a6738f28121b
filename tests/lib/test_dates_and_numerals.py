import datetime

import pytest

from minsheng.lib.dates import find_year, parse_deadline, quarter_end
from minsheng.lib.numerals import chinese_ordinal, chinese_to_int, quarter_label
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
