"""The count a title declares ("2025年十件民生实事", "十大民生实事项目", "（共12项）") is the
programme's declared count, so the public page can say "计划共10项，公布9项" (issue 13)."""

import pytest
import time_machine
from django.urls import reverse

from importers.layout import read_program
from importers.parsers import parse_file
from importers.pipeline import import_document
from projects.models import Program
from tests.importers.builders import Sheet, WordTable, build_docx, build_xlsx

HEADER = ["序号", "工作任务", "责任单位", "完成时限"]


def read(data: bytes, name: str, year: int | None = None):
    return read_program(parse_file(data, name), year=year)


def flat(title: str, items: int) -> bytes:
    rows = [[str(n), f"第{n}项民生工程建设", "县住建局", "12月底前"] for n in range(1, items + 1)]
    return build_docx(title, WordTable(rows=[HEADER, *rows]))


@pytest.mark.parametrize(
    "title, year, declared",
    [
        ("2025年十件民生实事", None, 10),
        ("某县15件民生实事", 2025, 15),
        ("2025年某县十大民生实事项目", None, 10),
        ("2024年民生实事（共12项）", None, 12),
        ("2025年某县民生实事（共十二项）", None, 12),
    ],
)
def test_the_count_in_a_title_is_the_declared_number_of_items(title, year, declared):
    program = read(flat(title, 9), "计划.docx", year)
    assert program.declared_items == declared
    assert program.declared_matters is None
    missing = "、".join(str(n) for n in range(10, declared + 1))
    assert f"文件称共{declared}项，表格中找到9项，缺少第{missing}项。" in program.warnings


def test_ten_matters_over_more_items_name_the_matters_not_the_items():
    # "十件" over fifteen items cannot be their count: no "计划共10项，公布15项".
    program = read(flat("2025年某县十件民生实事", 15), "计划.docx")
    assert program.declared_items is None and len(program.tasks) == 15
    assert not any("文件称" in w for w in program.warnings)
    assert read(flat("2024年民生实事（共12项）", 15), "计划.docx").declared_items == 12


def test_a_year_or_a_date_in_the_title_is_never_a_count():
    program = read(flat("2025年3月15日印发的2025年民生实事", 3), "计划.docx")
    assert program.declared_items is None
    assert not any("文件称" in w for w in program.warnings)


def test_the_declared_count_stays_out_of_the_title_only_when_it_is_a_bracketed_total():
    assert read(flat("2025年十件民生实事", 10), "a.docx").title == "2025年十件民生实事"
    assert read(flat("2025年民生实事（共12件）", 12), "b.docx").title == "2025年民生实事"


def test_category_counts_in_件_that_add_up_to_the_title_count_are_the_items():
    def table(first, count):
        rows = [
            [str(n), f"第{n}项工程", "县住建局", "12月底前"] for n in range(first, first + count)
        ]
        return WordTable(rows=[HEADER, *rows])

    program = read(
        build_docx(
            "2025年某县十件民生实事",
            "一、教育（3件）",
            table(1, 3),
            "二、医疗（3件）",
            table(4, 3),
            "三、交通（4件）",
            table(7, 3),  # one item short of what its heading says
        ),
        "分类.docx",
    )
    assert [c.declared_items for c in program.categories] == [3, 3, 4]
    assert program.declared_items == 10
    assert "文件称共10项，表格中找到9项，缺少第10项。" in program.warnings


def test_jiangmens_ten_matters_are_not_read_as_ten_items():
    # "十件" with categories that hold more items than that: ten matters, the count of
    # items is not stated, and no warning claims items are missing.
    rows = [HEADER]
    for category in range(1, 11):
        rows.append([f"{'一二三四五六七八九十'[category - 1]}、第{category}类", None, None, None])
        for sub in range(2):
            number = 2 * category - 1 + sub
            rows.append([number, f"第{number}项工程", "市住建局", "12月底前"])
    program = read(build_xlsx(Sheet("计划", [["2025年市十件民生实事"], *rows])), "江门.xlsx")
    assert len(program.categories) == 10 and len(program.tasks) == 20
    assert program.declared_items is None
    assert not any("文件称" in w for w in program.warnings)


@pytest.mark.django_db
@time_machine.travel("2026-03-01 10:00 +0800", tick=False)
def test_the_public_page_counts_against_the_title_count(client):
    import_document(flat("2025年某县十件民生实事", 9), "计划.docx", "440700")
    program = Program.objects.get(year=2025)
    assert program.declared_items == 10
    program.publish()
    html = client.get(reverse("portal:program", args=["440700", 2025])).content.decode()
    assert "计划共10项，公布9项（原文缺第10项）" in html
