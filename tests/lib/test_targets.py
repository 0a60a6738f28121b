"""Proposing a numeric target from an item's content."""

from decimal import Decimal

import pytest

from minsheng.lib.targets import propose_target


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("稳定和扩大就业岗位，力争城镇新增就业6000人以上。", 6000, "人"),
        ("优化异地就医直接结算服务，实现全市31家定点医疗机构开通省内异地就医直接结算。", 31, "家"),
        ("改造老旧小区20个", 20, "个"),
        ("新增就业1.2万人", 12000, "人"),
        ("培训 3,000 人", 3000, "人"),
        ("全市完成不少于298户特殊困难老年人家庭的适老化改造。", 298, "户"),
        ("（1）新增养老床位60张。", 60, "张"),
        ("完成胜利南路延长线3.85公里的绿化建设。", Decimal("3.85"), "公里"),
        ("全市中小学生开展心理健康测试不少于6万人次", 60000, "人次"),
        ("最大日检测通过量达 6 万份以上", 60000, "份"),
        ("免费为约2600名孕妇提供产前筛查。", 2600, "名"),
        ("全区安装门禁视频系统２００套。", 200, "套"),
    ],
)
def test_proposes_a_countable_target(text, value, unit):
    assert propose_target(text) == (Decimal(value), unit)


def test_a_whole_number_has_no_trailing_decimals():
    value, _ = propose_target("新增就业1.2万人")
    assert str(value) == "12000"


@pytest.mark.parametrize(
    "text",
    [
        "将职工医保普通门诊年度最高支付限额提高至2040元（每月提高5元）。",
        "提高到每人每月1000元以上",
        "覆盖率达到95%",
        "对不合格产品处置率达到100％",
        "2024年底前",
        "特困人员基本生活标准按当地最低生活保障标准的 1.6 倍确定。",
        "65岁及以上老年人医养结合服务率提高到38%",
        "水稻由 800 元/亩提高至 1000 元/亩",
        "发放各类创业补贴 3000 万元",
        "完成 12 月 10 日前的工作",
        "建设城乡15分钟健身圈。",
        "为新生儿免费提供 G6PD 缺乏症筛查",
        "",
    ],
)
def test_rejects_money_rates_ages_and_dates(text):
    assert propose_target(text) is None


def test_a_count_per_thousand_people_is_a_rate():
    assert propose_target("食品检验量达到每千人 6 批次") is None


def test_ordinals_and_durations_are_not_counts():
    assert propose_target("第3期") is None
    assert propose_target("在3个月内办结") is None


def test_a_keyword_before_the_number_wins_over_the_first_count():
    text = "在全市 200 家农贸市场开展快速检测，全年快检不少于 46 万批次。"
    assert propose_target(text) == (Decimal(460000), "批次")


def test_at_least_after_the_count_marks_it_too():
    text = "3个农村集体组织，合计900人纳入保障范围；确保有 3 所以上幼儿园参加"
    assert propose_target(text) == (Decimal(900), "人")
    assert propose_target("确保有 3 所以上幼儿园参加示范项目") == (Decimal(3), "所")


def test_a_keyword_later_in_the_clause_beats_a_bare_first_count():
    text = "巩固全市约 7200 公里“四好农村路”建设攻坚成果，对全市 10 座农村公路桥梁进行改造"
    assert propose_target(text) == (Decimal(10), "座")


def test_without_any_keyword_the_first_count_is_proposed():
    assert propose_target("全年扶持创业 4000 人，发放各类创业补贴 3000 万元") == (
        Decimal(4000),
        "人",
    )


def test_a_year_before_the_target_is_skipped():
    assert propose_target("2024年拟新增1000张睡床。") == (Decimal(1000), "张")
