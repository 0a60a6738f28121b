"""The five real source documents load exactly: content, not counts alone."""

import datetime

import pytest

from progress.models import ProgressRecord
from projects.choices import TaskStatus
from projects.models import Category, Milestone, Program, Task, TaskUnit, Unit, UnitAlias

D = datetime.date


def task(code: str, year: int, number: str) -> Task:
    return Task.objects.get(program__jurisdiction__code=code, program__year=year, number=number)


def units_and_persons(t: Task) -> list[tuple[str, str, bool]]:
    return [(a.unit.name, a.person, a.is_lead) for a in t.assignments.order_by("position")]


def milestones(t: Task) -> list[tuple[datetime.date, str]]:
    return [(m.due, m.text) for m in t.milestones.order_by("due", "position")]


@pytest.mark.django_db
class TestCompletionSummary2019:
    """000: 江门市 2019 完成情况汇总表, declares 37 items, item 22 was lost."""

    def test_report_warns_that_item_22_is_missing(self, import_seed):
        report = import_seed("000")
        assert report.parsed.declared_items == 37
        assert len(report.parsed.item_numbers) == 36
        assert report.parsed.missing_numbers == [22]
        assert "文件称共37项，表格中找到36项，缺少第22项。" in report.warnings
        assert "缺少第22项" in report.text()

    def test_program_and_categories(self, import_seed):
        import_seed("000")
        program = Program.objects.get(jurisdiction__code="440700", year=2019)
        assert program.title == "2019年市十件民生实事完成情况汇总表"
        assert program.declared_items == 37
        assert list(program.categories.values_list("number", "name")) == [
            (1, "提高底线民生保障水平"),
            (2, "提升基层医疗卫生服务能力"),
            (3, "提升基础教育服务水平"),
            (4, "提高市场食品质量安全水平"),
            (5, "加大力度促进就业创业"),
            (6, "建设“四好农村路”"),
            (7, "加大精准脱贫攻坚力度"),
            (8, "加快提升公共文化服务水平"),
            (9, "扩大农业保险覆盖面"),
            (10, "大力推进“厕所革命”"),
        ]
        assert not Task.objects.filter(program=program, number="22").exists()
        # An empty category cell continues the category above it.
        assert task("440700", 2019, "3").category.number == 1
        assert task("440700", 2019, "37").category.number == 10

    def test_item_1_units_persons_lead_and_narrative(self, import_seed):
        import_seed("000")
        item = task("440700", 2019, "1")
        assert (
            item.content == "全市城乡居民基本养老保险基础养老金最低标准从每人每月148元提高到170元。"
        )
        assert [leader.name for leader in item.leaders.all()] == ["王长青"]
        assert units_and_persons(item) == [
            ("市人力资源社会保障局", "钱杰润", True),
            ("市财政局", "李文聪", False),
            ("市社保局", "黄锐楼", False),
            ("各市（区）政府", "各市（区）长", False),
        ]
        assert item.status == TaskStatus.COMPLETED
        record = ProgressRecord.objects.get(task=item)
        assert record.narrative.startswith(
            "（1）本年度中央、省、市财政下达到各市（区）的第一批补助资金已到位。"
        )
        assert "（3）已印发《转发关于提高全省2019年" in record.narrative
        assert not record.narrative.startswith("已完成")

    def test_layout_spaces_in_persons_and_leaders(self, import_seed):
        import_seed("000")
        assert units_and_persons(task("440700", 2019, "9"))[0] == ("市教育局", "张璐", True)
        assert [leader.name for leader in task("440700", 2019, "20").leaders.all()] == ["胡钛"]

    def test_every_item_is_completed(self, import_seed):
        import_seed("000")
        statuses = set(Task.objects.filter(program__year=2019).values_list("status", flat=True))
        assert statuses == {TaskStatus.COMPLETED}


@pytest.mark.django_db
class TestCompletionSummary2018WithoutTitle:
    """001: the title line was lost, so the year must be given."""

    def test_missing_year_is_a_clear_error_and_nothing_is_saved(self):
        from importers.document import ImportFailed
        from importers.pipeline import import_document
        from tests.conftest import seed_bytes

        with pytest.raises(ImportFailed) as failure:
            import_document(seed_bytes("001"), "001.txt", "440700")
        assert "--year" in str(failure.value)
        assert Program.objects.count() == 0
        assert Unit.objects.count() == 0

    def test_imports_with_the_year_given(self, import_seed):
        report = import_seed("001")
        program = report.program
        assert program.year == 2018
        # The title line was lost: a plain name, with no count the file did not state.
        assert program.title == "2018年江门市民生实事"
        assert program.declared_items == 24
        assert report.parsed.missing_numbers == []
        assert Task.objects.filter(program=program).count() == 24
        item = task("440700", 2018, "17")
        assert item.content == "2018年底实现全市拥有律师900名，每万人拥有律师1.98名。"
        assert item.category.name == "健全社会矛盾纠纷化解机制"
        assert item.status == TaskStatus.COMPLETED

    def test_unit_spelling_variants_resolve_to_one_unit(self, import_seed):
        import_seed("000")  # writes 市医保局 and 市城市管理综合执法局
        report = import_seed("001")  # writes 市医疗保障局 and 市城市管理和综合执法局
        medical = Unit.objects.get(jurisdiction__code="440700", name="市医保局")
        assert set(medical.aliases.values_list("name", flat=True)) == {"市医疗保障局"}
        assert units_and_persons(task("440700", 2018, "7"))[0] == ("市医保局", "张慧琳", True)
        assert not Unit.objects.filter(name="市医疗保障局").exists()
        assert not Unit.objects.filter(name="市城市管理和综合执法局").exists()
        assert ("市医疗保障局", "市医保局") in report.units_matched_by_alias
        assert ("市城市管理和综合执法局", "市城市管理综合执法局") in report.units_matched_by_alias


@pytest.mark.django_db
class TestPlan2021:
    """002: 江门市 2021 任务分解表, TAB rows, header repeated at page breaks."""

    def test_program_counts_and_deadlines(self, import_seed):
        report = import_seed("002")
        program = report.program
        assert program.title == "2021年市十件民生实事任务分解表"
        assert (program.declared_matters, program.declared_items) == (10, 25)
        assert report.parsed.missing_numbers == []
        assert report.warnings == []
        assert Task.objects.filter(program=program).count() == 25
        assert program.categories.count() == 10
        assert task("440700", 2021, "1").deadline == D(2021, 12, 10)
        assert task("440700", 2021, "10").deadline == D(2021, 11, 30)  # "11 月底"
        assert task("440700", 2021, "14").deadline == D(2021, 10, 31)  # "10 月底"

    def test_space_separated_units_and_persons_line_up(self, import_seed):
        import_seed("002")
        assert units_and_persons(task("440700", 2021, "8")) == [
            ("市医保局", "张慧琳", True),
            ("市司法局", "苟晓彤", False),
            ("市卫生健康局", "刘学文", False),
            ("市社保局", "蒋茜", False),
        ]
        thirteen = units_and_persons(task("440700", 2021, "13"))
        assert thirteen[0] == ("市教育局", "张璐", True)
        assert thirteen[-1] == ("各市（区）政府", "各市（区）长", False)
        assert len(thirteen) == 8

    def test_content_without_lead_note_and_leader(self, import_seed):
        import_seed("002")
        item = task("440700", 2021, "25")
        assert item.content.endswith("不断提升城市道路出行品质。")
        assert "牵头单位" not in item.content
        assert [leader.name for leader in item.leaders.all()] == ["乔雷"]
        assert item.category.name == "完善城市行车停车秩序管理"
        assert item.status == TaskStatus.NOT_STARTED

    def test_half_width_bracket_unit_is_the_same_unit(self, import_seed):
        import_seed("002")
        # "各市(区)政府" (item 2) and "各市（区）政府" (item 11) are one unit.
        assert (
            Unit.objects.filter(jurisdiction__code="440700", name__startswith="各市").count() == 1
        )


@pytest.mark.django_db
class TestQuarterlyPlan2017:
    """003: 江海区 2017, quarterly targets, ★ items, sub-items (1)(2)."""

    def test_program_and_declared_counts(self, import_seed):
        report = import_seed("003")
        program = report.program
        assert program.jurisdiction.code == "440704"
        assert program.title == "2017年高新区（江海区）十件民生实事计划"
        assert program.declared_items == 44  # the sum of the categories' 共N项
        assert program.cadence == "quarterly"
        assert len(report.parsed.item_numbers) == 44
        assert Task.objects.filter(program=program).count() == 48
        category = Category.objects.get(program=program, number=1)
        assert (category.name, category.declared_items) == ("保障底线民生", 6)

    def test_sub_items_share_a_number(self, import_seed):
        import_seed("003")
        first, second = task("440704", 2017, "14(1)"), task("440704", 2017, "14(2)")
        assert first.title == second.title == "推进养老服务体系建设"
        assert first.content == "（1）新增养老床位60张。"
        assert second.content == "（2）建立居家养老服务设施长效运作机制。"
        assert first.city_level and second.city_level
        numbers = list(
            Task.objects.filter(program__year=2017, number__startswith="37").values_list(
                "number", flat=True
            )
        )
        assert numbers == ["37(1)", "37(2)", "37(3)"]
        assert not Task.objects.filter(program__year=2017, number="14").exists()

    def test_star_marks_city_level_items(self, import_seed):
        import_seed("003")
        assert task("440704", 2017, "1").city_level
        assert task("440704", 2017, "1").title == "提高全区人均城乡最低生活保障标准"
        assert not task("440704", 2017, "7").city_level
        # ★ on a sub-item's content marks only that sub-item.
        assert task("440704", 2017, "36(1)").city_level
        assert not task("440704", 2017, "36(2)").city_level
        # 17 titles carry ★ (14 covers two sub-items) and one sub-item content does.
        assert Task.objects.filter(program__year=2017, city_level=True).count() == 19

    def test_four_quarter_targets(self, import_seed):
        import_seed("003")
        assert milestones(task("440704", 2017, "16")) == [
            (D(2017, 3, 31), "完成放映105场及免费艺术培训24小时。"),
            (D(2017, 6, 30), "完成放映210场及免费艺术培训84小时。"),
            (D(2017, 9, 30), "完成放映315场及免费艺术培训126小时。"),
            (D(2017, 12, 31), "完成放映420场及免费艺术培训160小时。"),
        ]

    def test_merged_targets_cover_the_remaining_quarters(self, import_seed):
        report = import_seed("003")
        item = task("440704", 2017, "1")
        spans = [(m.first_quarter, m.last_quarter, m.due) for m in item.milestones.all()]
        assert spans == [(1, 1, D(2017, 3, 31)), (2, 2, D(2017, 6, 30)), (3, 4, D(2017, 12, 31))]
        whole_year = Milestone.objects.get(task=task("440704", 2017, "3"))
        assert (whole_year.first_quarter, whole_year.last_quarter) == (1, 4)
        assert whole_year.period_label == "一至四季度"
        assert whole_year.text == "做好提标资金测算，按照提标后的新标准发放待遇。"
        # The text layout cannot show merges: the report says which rows were read this way.
        guess = next(w for w in report.warnings if "最后一个目标视为覆盖其余季度" in w)
        assert "第1项" in guess and "第3项" in guess and "第16项" not in guess

    def test_slash_means_no_target(self, import_seed):
        import_seed("003")
        assert milestones(task("440704", 2017, "36(1)")) == [
            (D(2017, 3, 31), "完成场地平整。"),
            (D(2017, 6, 30), "完成基础设施建设并交付使用。"),
        ]

    def test_units_without_persons_column(self, import_seed):
        import_seed("003")
        assert units_and_persons(task("440704", 2017, "31")) == [
            ("住建水务局", "", True),
            ("外海街道办事处", "", False),
            ("礼乐街道办事处", "", False),
        ]

    def test_footnote_is_not_an_item(self, import_seed):
        report = import_seed("003")
        assert "注：标有★的事项是市民生实事内容。" in report.parsed.notes
        assert not any("无法归位" in w for w in report.warnings)


@pytest.mark.django_db
class TestMilestonePlan2024:
    """004: 开平市 2024, dated milestones, some wrapped in <p> tags."""

    def test_program(self, import_seed):
        report = import_seed("004")
        program = report.program
        assert program.jurisdiction.code == "440783"
        assert program.title == "2024年开平市十件民生实事项目"
        assert (program.declared_matters, program.declared_items) == (10, 25)
        assert report.warnings == []
        assert Task.objects.filter(program=program).count() == 25

    def test_milestones_from_paragraph_tags_are_plain_text(self, import_seed):
        import_seed("004")
        assert milestones(task("440783", 2024, "3")) == [
            (D(2024, 3, 31), "实现全市15家定点医疗机构成功开展异地就医直接结算服务。"),
            (D(2024, 6, 30), "累计实现24家定点医疗机构成功开展异地就医直接结算服务。"),
            (D(2024, 9, 30), "累计实现28家定点医疗机构成功开展异地就医直接结算服务。"),
            (D(2024, 12, 10), "累计实现全市31家定点医疗机构成功开展异地就医直接结算服务。"),
        ]
        assert not Milestone.objects.filter(text__contains="<").exists()

    def test_milestones_without_tags(self, import_seed):
        import_seed("004")
        assert milestones(task("440783", 2024, "5")) == [
            (D(2024, 3, 31), "全市城镇新增就业1200人。"),
            (D(2024, 6, 30), "全市城镇累计新增就业3000人。"),
            (D(2024, 9, 30), "全市城镇累计新增就业4800人。"),
            (D(2024, 12, 10), "全市城镇累计新增就业6000人以上。"),
        ]

    def test_a_node_spanning_several_paragraphs_keeps_them(self, import_seed):
        import_seed("004")
        first = task("440783", 2024, "13").milestones.order_by("due").first()
        assert first.due == D(2024, 3, 31)
        assert first.text.splitlines()[0].startswith("新建排水管网工程：")
        assert len(first.text.splitlines()) == 3

    def test_three_nodes_when_the_item_ends_in_september(self, import_seed):
        import_seed("004")
        dues = [due for due, _ in milestones(task("440783", 2024, "11"))]
        assert dues == [D(2024, 3, 31), D(2024, 6, 30), D(2024, 9, 30)]

    def test_units_belong_to_kaiping_not_jiangmen(self, import_seed):
        import_seed("000")
        import_seed("004")
        kaiping = Unit.objects.get(jurisdiction__code="440783", name="市民政局")
        jiangmen = Unit.objects.get(jurisdiction__code="440700", name="市民政局")
        assert kaiping != jiangmen
        assert units_and_persons(task("440783", 2024, "7")) == [("市民政局", "", True)]


@pytest.mark.django_db
def test_reimporting_the_same_document_changes_nothing(import_seed):
    import_seed("002")
    before = (
        Task.objects.count(),
        TaskUnit.objects.count(),
        Unit.objects.count(),
        UnitAlias.objects.count(),
        Milestone.objects.count(),
    )
    stamps = dict(Task.objects.values_list("number", "last_updated"))
    report = import_seed("002")
    assert report.tasks_created == [] and report.tasks_updated == []
    assert len(report.tasks_unchanged) == 25
    assert (
        Task.objects.count(),
        TaskUnit.objects.count(),
        Unit.objects.count(),
        UnitAlias.objects.count(),
        Milestone.objects.count(),
    ) == before
    assert dict(Task.objects.values_list("number", "last_updated")) == stamps


@pytest.mark.django_db
def test_all_five_seeds_import_together(import_seed):
    for key in ("000", "001", "002", "003", "004"):
        import_seed(key)
    assert Program.objects.count() == 5
    assert Task.objects.count() == 36 + 24 + 25 + 48 + 25
