"""What the notice says about reporting, and the numeric targets proposed for new items."""

import datetime
from decimal import Decimal

import pytest

from importers.layout import reporting_rule
from projects.choices import Cadence, ReportDueRule
from projects.models import Program, Task

D = datetime.date


def program(code: str, year: int) -> Program:
    return Program.objects.get(jurisdiction__code=code, year=year)


def task(code: str, year: int, number: str) -> Task:
    return Task.objects.get(program__jurisdiction__code=code, program__year=year, number=number)


# -- the rule as the preamble words it (pure) -------------------------------------------


def test_monthly_by_the_end_of_the_month_with_a_spaced_first_date():
    text = (
        "各牵头单位于每月底前将工作任务落实情况通过督查督办系统报市政府办公室"
        "（首次报送时间为 3 月 31 日）。"
    )
    assert reporting_rule([text], 2024) == ("monthly", "period_end", D(2024, 3, 31))


def test_quarterly_by_the_first_day_of_the_next_quarter():
    text = "并请牵头责任单位于每季度的首月1日前以表格形式将完成情况报区督查室。"
    assert reporting_rule(["附件", text], 2017) == ("quarterly", "next_period_start", None)


def test_a_sentence_not_about_reporting_says_nothing():
    assert reporting_rule(["每月底前完成资金拨付。", "2024年市十件民生实事"], 2024) == (
        None,
        None,
        None,
    )


def test_an_impossible_first_date_is_ignored():
    assert reporting_rule(["每月底前报送（首次报送时间为2月30日）"], 2024) == (
        "monthly",
        "period_end",
        None,
    )


# -- the seeds ------------------------------------------------------------------------


@pytest.mark.django_db
class TestReportingRuleFromTheSeeds:
    def test_kaiping_2024_reports_monthly_from_march_31(self, import_seed):
        report = import_seed("004")
        assert report.parsed.report_due_rule == ReportDueRule.PERIOD_END
        kaiping = program("440783", 2024)
        assert kaiping.cadence == Cadence.MONTHLY
        assert kaiping.report_due_rule == ReportDueRule.PERIOD_END
        assert kaiping.first_report_due == D(2024, 3, 31)
        # January and February need no report of their own.
        assert kaiping.reporting_periods()[0].key == "2024-03"
        assert "报送要求（据文件正文）：每月报送，期末前截止，首次报送3月31日" in report.lines()

    def test_jianghai_2017_reports_each_quarter_by_the_next_quarters_first_day(self, import_seed):
        report = import_seed("003")
        assert "报送要求（据文件正文）：每季度报送，下期首日前截止" in report.lines()
        jianghai = program("440704", 2017)
        assert jianghai.cadence == Cadence.QUARTERLY
        assert jianghai.report_due_rule == ReportDueRule.NEXT_PERIOD_START
        assert jianghai.first_report_due is None
        assert jianghai.reporting_periods()[0].due(jianghai.report_due_rule) == D(2017, 4, 1)

    def test_a_notice_that_says_nothing_keeps_the_defaults(self, import_seed):
        report = import_seed("002")
        jiangmen = program("440700", 2021)
        assert jiangmen.cadence == Cadence.MONTHLY
        assert jiangmen.report_due_rule == ReportDueRule.PERIOD_END
        assert jiangmen.first_report_due is None
        assert not any(line.startswith("报送要求") for line in report.lines())

    def test_reimporting_keeps_the_offices_corrections(self, import_seed):
        import_seed("004")
        Program.objects.filter(jurisdiction__code="440783", year=2024).update(
            first_report_due=D(2024, 4, 30), report_due_rule=ReportDueRule.NEXT_PERIOD_START
        )
        report = import_seed("004")
        assert not report.program_created
        kaiping = program("440783", 2024)
        assert kaiping.first_report_due == D(2024, 4, 30)
        assert kaiping.report_due_rule == ReportDueRule.NEXT_PERIOD_START


# -- targets ----------------------------------------------------------------------------


@pytest.mark.django_db
class TestProposedTargets:
    def test_new_items_get_the_target_their_content_names(self, import_seed):
        report = import_seed("004")
        item = task("440783", 2024, "3")
        assert (
            item.content
            == "优化异地就医直接结算服务，实现全市31家定点医疗机构开通省内异地就医直接结算。"
        )
        assert (item.target_value, item.target_unit) == (Decimal(31), "家")
        assert (task("440783", 2024, "5").target_value, task("440783", 2024, "5").target_unit) == (
            Decimal(6000),
            "人",
        )
        assert ("3", Decimal(31), "家") in report.targets_proposed
        line = next(line for line in report.lines() if line.startswith("自动识别量化目标"))
        assert "第3项 31家" in line and "第5项 6000人" in line

    def test_money_and_rates_propose_nothing(self, import_seed):
        import_seed("004")
        # "提高至2040元（每月提高5元）" and "服务率提高到38%"
        for number in ("1", "9"):
            item = task("440783", 2024, number)
            assert item.target_value is None and item.target_unit == ""

    def test_reimporting_keeps_a_target_the_office_corrected(self, import_seed):
        import_seed("004")
        Task.objects.filter(program__jurisdiction__code="440783", number="3").update(
            target_value=Decimal(30), target_unit="家医院"
        )
        Task.objects.filter(program__jurisdiction__code="440783", number="5").update(
            target_value=None, target_unit=""
        )
        report = import_seed("004")
        assert report.tasks_created == [] and report.tasks_updated == []
        assert report.targets_proposed == []
        corrected = task("440783", 2024, "3")
        assert (corrected.target_value, corrected.target_unit) == (Decimal(30), "家医院")
        cleared = task("440783", 2024, "5")
        assert (cleared.target_value, cleared.target_unit) == (None, "")

    def test_a_dry_run_shows_the_proposals_without_saving(self, import_seed):
        report = import_seed("003", dry_run=True)
        assert ("14(1)", Decimal(60), "张") in report.targets_proposed
        assert not Task.objects.exists()

    def test_quarterly_seed_sub_items_get_their_own_target(self, import_seed):
        import_seed("003")
        assert task("440704", 2017, "14(1)").target_value == Decimal(60)
        assert task("440704", 2017, "14(2)").target_value is None
        assert (
            task("440704", 2017, "26").target_value,
            task("440704", 2017, "26").target_unit,
        ) == (
            Decimal(5500),
            "人",
        )
