"""Issue 13 item 4: one odd row never refuses a whole file. It is skipped (or its unreadable
cell kept as text) with a warning naming the row, the column and the text not imported; a
file is refused only when nothing in it can be saved, and then the rows are named."""

import pytest

from importers.document import ImportFailed
from importers.layout import read_program
from importers.parsers import parse_file
from importers.pipeline import import_document
from projects.models import Category, Program, Task

TITLE = "2025年某区十件民生实事项目"
HEADER = "序号 | 工作任务 | 责任单位 | 完成时限"
GOOD = "2 | 建设公园 | 区住建局 | 12月底"


def read(*rows: str, header: str = HEADER):
    text = "\n".join([TITLE, header, *rows]) + "\n"
    return read_program(parse_file(text.encode(), "x.txt"), year=2025)


def warning_starting(program, start: str) -> str:
    (warning,) = [w for w in program.warnings if w.startswith(start)]
    return warning


def test_a_number_that_is_no_number_skips_its_row_and_names_its_text():
    program = read("一a | 新建学校 | 区教育局 | 12月底", GOOD)
    assert [t.number for t in program.tasks] == ["2"]
    warning = warning_starting(program, "第3行 序号：“一a”不是项目序号，本行")
    assert "“新建学校”" in warning and "“区教育局”" in warning and "未导入" in warning


def test_an_item_without_content_skips_its_row_and_names_its_text():
    program = read("1 |  | 区教育局 | 12月底", GOOD)
    assert [t.number for t in program.tasks] == ["2"]
    warning = warning_starting(program, "第3行 具体内容：第1项没有内容，本行")
    assert "“区教育局”" in warning and "“12月底”" in warning


def test_a_huge_item_number_skips_its_row():
    program = read("1000 | 新建学校 | 区教育局 | 12月底", GOOD)
    assert [t.number for t in program.tasks] == ["2"]
    warning = warning_starting(program, "第3行 序号：“1000”不是合理的项目序号（应为 1 至 999）")
    assert "“新建学校”" in warning


def test_a_too_large_sub_item_number_skips_its_row_and_leaves_the_item_above_as_it_was():
    program = read("1 | 新建学校 | 区教育局 | 12月底", " | （100）新建食堂 | 区教育局 | 10月底")
    # Item 1 stays item 1: it is not renamed 1(1) for a sub-item that was not imported.
    assert [t.number for t in program.tasks] == ["1"]
    warning = warning_starting(program, "第4行 序号：子项“（100）”的编号过大，本行")
    assert "（100）新建食堂" in warning


def test_an_unreadable_milestone_plan_is_kept_as_text_with_a_warning():
    program = read(
        "1 | 新建学校 | 区教育局 | 12月底 | 主体施工，年内完工",
        header=HEADER + " | 节点计划",
    )
    (task,) = program.tasks
    assert task.milestones == []
    assert {"label": "节点计划", "text": "主体施工，年内完工"} in task.extra
    warning = warning_starting(program, "第3行 节点计划：第1项读不出")
    assert "主体施工，年内完工" in warning


def test_a_first_row_without_a_number_is_skipped_not_guessed():
    program = read(" | 新建学校 | 区教育局 | 12月底", GOOD)
    assert [(t.number, t.content) for t in program.tasks] == [("2", "建设公园")]
    warning = warning_starting(program, "第3行 序号：为空，且上面没有可归属的项目，本行")
    assert "“新建学校”" in warning


def test_two_names_for_one_category_keep_the_first_with_a_warning():
    program = read(
        "一、 | 教育保障 |  | ",
        "1 | 新建学校 | 区教育局 | 12月底",
        "一、 | 医疗卫生 |  | ",
        GOOD,
    )
    assert [(c.number, c.name) for c in program.categories] == [(1, "教育保障")]
    assert [(t.number, t.category) for t in program.tasks] == [("1", 1), ("2", 1)]
    warning = warning_starting(program, "第5行 大类：大类一出现两个不同的名称")
    assert "“教育保障”和“医疗卫生”，保留“教育保障”" in warning


def test_a_file_with_nothing_to_save_is_refused_naming_every_odd_row():
    with pytest.raises(ImportFailed) as failure:
        read("一a | 新建学校 | 区教育局 | 12月底", "3 |  | 区住建局 | 12月底")
    (message,) = failure.value.messages
    assert "没有找到任何项目" in message
    assert "第3行 序号：“一a”不是项目序号" in message
    assert "第4行 具体内容：第3项没有内容" in message


@pytest.mark.django_db
def test_odd_rows_are_left_out_of_the_database_and_the_rest_is_saved():
    text = "\n".join(
        [TITLE, HEADER + " | 节点计划", "一a | 新建学校 | 区教育局 | 12月底 | ", GOOD + " | 年内完工"]
    )
    report = import_document(text.encode(), "x.txt", "440700", year=2025)
    (task,) = Task.objects.filter(category__program=report.program)
    assert (task.number, task.content) == ("2", "建设公园")
    assert task.extra == [{"label": "节点计划", "text": "年内完工"}]
    assert any(w.startswith("第3行 序号：“一a”不是项目序号") for w in report.warnings)


@pytest.mark.django_db
def test_a_refused_file_leaves_the_database_as_it_was():
    programs, categories = Program.objects.count(), Category.objects.count()
    text = "\n".join([TITLE, HEADER, "一a | 新建学校 | 区教育局 | 12月底"])
    with pytest.raises(ImportFailed):
        import_document(text.encode(), "x.txt", "440700", year=2025)
    assert (Program.objects.count(), Category.objects.count()) == (programs, categories)
