"""The reader on small tables built here: the traps of real tables, one at a time."""

import datetime

import pytest

from importers.document import ImportFailed
from importers.layout import read_program
from importers.parsers.text import parse_text

HEADER = "项目分类\t序号\t具体内容\t建议分管市领导\t责任单位\t责任人\t完成时限"


def read(*rows: str, title: str = "2021年市十件民生实事任务分解表", year=None):
    text = "\n".join([title, "", HEADER, *rows]) + "\n"
    return read_program(parse_text(text.encode("utf-8"), "test.txt"), year=year)


def test_units_and_persons_out_of_line_are_reported_and_kept_in_order():
    program = read(
        "一、提升医疗\t1\t内容一。\t赖燕芬\t市卫生健康局 市财政局 市审计局\t刘学文 李文聪\t12 月 10 日"
    )
    task = program.tasks[0]
    assert task.units == ["市卫生健康局", "市财政局", "市审计局"]
    assert task.persons == ["刘学文", "李文聪"]
    assert any("责任单位3个、责任人2个" in w and "第1项" in w for w in program.warnings)


def test_cells_beyond_the_last_column_are_reported():
    program = read(
        "一、提升医疗\t1\t内容一。\t赖燕芬\t市卫生健康局\t刘学文\t12 月 10 日\t多余的备注"
    )
    assert any("多出的单元格" in w and "多余的备注" in w for w in program.warnings)
    assert program.tasks[0].deadline == datetime.date(2021, 12, 10)


def test_lead_note_names_the_lead_unit_even_when_not_first():
    program = read(
        "一、提升医疗\t1\t内容一。（牵头单位：市财政局）\t赖燕芬\t市卫生健康局 市财政局\t刘学文 李文聪\t12 月 10 日"
    )
    task = program.tasks[0]
    assert task.lead_unit == "市财政局"
    assert task.content == "内容一。"


def test_a_lead_unit_written_in_another_spelling_is_matched():
    program = read(
        "一、提升医疗\t1\t内容一。（牵头单位：市医疗保障局）\t赖燕芬\t市医保局 市财政局\t张慧琳 李文聪\t12 月 10 日"
    )
    assert program.tasks[0].lead_unit == "市医保局"


def test_a_duplicate_number_keeps_the_first_row_and_names_both_rows():
    # Issue 13 item 4: a repeated 序号 no longer refuses the file; the second row is skipped
    # with a warning naming both rows and its content, so nothing disappears unsaid.
    program = read(
        "一、提升医疗\t1\t内容一。\t赖燕芬\t市卫生健康局\t刘学文\t12 月 10 日",
        "\t1\t内容二。\t赖燕芬\t市卫生健康局\t刘学文\t12 月 10 日",
    )
    assert [(t.number, t.content) for t in program.tasks] == [("1", "内容一。")]
    (warning,) = [w for w in program.warnings if "重复" in w]
    assert warning.startswith("第5行 序号：1 与第4行重复，保留第4行的项目")
    assert "内容二。" in warning


def test_a_number_that_is_not_a_number_skips_its_row_naming_row_and_column():
    # Issue 13 item 4: was a refusal of the whole file; now only the row is skipped, with a
    # warning, and a file with nothing else is refused naming that row and column.
    program = read(
        "一、提升医疗\t一a\t内容一。\t赖燕芬\t市卫生健康局\t刘学文\t12 月 10 日",
        "\t2\t内容二。\t赖燕芬\t市卫生健康局\t刘学文\t12 月 10 日",
    )
    assert [t.number for t in program.tasks] == ["2"]
    assert any(
        w.startswith("第4行 序号：“一a”不是项目序号，本行") and "内容一。" in w
        for w in program.warnings
    )
    with pytest.raises(ImportFailed) as failure:
        read("一、提升医疗\t一a\t内容一。\t赖燕芬\t市卫生健康局\t刘学文\t12 月 10 日")
    assert any("第4行 序号：“一a”不是项目序号" in m for m in failure.value.messages)


def test_a_row_without_content_skips_its_row_naming_row_and_column():
    # Issue 13 item 4: was a refusal of the whole file; now only the row is skipped.
    program = read(
        "一、提升医疗\t1\t\t赖燕芬\t市卫生健康局\t刘学文\t12 月 10 日",
        "\t2\t内容二。\t赖燕芬\t市卫生健康局\t刘学文\t12 月 10 日",
    )
    assert [t.number for t in program.tasks] == ["2"]
    assert any(
        w.startswith("第4行 具体内容：第1项没有内容，本行") and "市卫生健康局" in w
        for w in program.warnings
    )
    with pytest.raises(ImportFailed) as failure:
        read("一、提升医疗\t1\t\t赖燕芬\t市卫生健康局\t刘学文\t12 月 10 日")
    assert any("第4行 具体内容：第1项没有内容" in m for m in failure.value.messages)


def test_an_impossible_deadline_is_kept_as_text_with_a_warning():
    # Issue 13 item 4: "2 月 30 日" is kept as written, like any deadline that cannot be read.
    program = read("一、提升医疗\t1\t内容一。\t赖燕芬\t市卫生健康局\t刘学文\t2 月 30 日")
    task = program.tasks[0]
    assert task.deadline is None
    assert {"label": "完成时限", "text": "2 月 30 日"} in task.extra
    assert any(
        w.startswith("第4行 完成时限：“2 月 30 日”不是有效日期") for w in program.warnings
    )


def test_a_table_without_a_known_header_is_an_error():
    text = "2021年民生实事\n\n甲\t乙\t丙\n1\t2\t3\n"
    with pytest.raises(ImportFailed, match="没有找到表头"):
        read_program(parse_text(text.encode(), "t.txt"))


def test_gbk_text_is_read():
    text = "\n".join(
        [
            "2021年市十件民生实事任务分解表",
            HEADER,
            "一、提升医疗\t1\t内容一。\t赖燕芬\t市卫生健康局\t刘学文\t11 月底",
        ]
    )
    program = read_program(parse_text(text.encode("gb18030"), "gbk.txt"))
    assert program.tasks[0].units == ["市卫生健康局"]
    assert program.tasks[0].deadline == datetime.date(2021, 11, 30)


def test_year_end_deadline_words():
    program = read("一、提升医疗\t1\t内容一。\t赖燕芬\t市卫生健康局\t刘学文\t年底前")
    assert program.tasks[0].deadline == datetime.date(2021, 12, 31)
