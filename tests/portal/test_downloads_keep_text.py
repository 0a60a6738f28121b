"""Public downloads: a unit's text beginning with = + - @ is text, never a formula.

A narrative `=HYPERLINK(…)` once reached the public CSV as a live formula.
"""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from importers.parsers.delimited import parse_delimited
from importers.pipeline import import_document
from portal.views import CSV_HEADER
from projects.models import Task
from tests.portal.test_public_pages import file_march

pytestmark = pytest.mark.django_db

LINK = '=HYPERLINK("http://x","y")'
NARRATIVE = CSV_HEADER.index("最新进展")


@pytest.fixture
def program(world):
    Task.objects.filter(pk=world.task_a.pk).update(content=LINK)
    Task.objects.filter(pk=world.task_b.pk).update(content="-1+2")
    world.program.publish()
    file_march(world, narrative="@SUM(A1)")
    return world.program


def download(client, fmt):
    return client.get(reverse("portal:download", args=["440783", 2024, fmt])).content


def test_the_public_csv_quotes_formula_like_cells(client, program):
    rows = list(csv.reader(io.StringIO(download(client, "csv").decode("utf-8-sig"))))
    assert rows[1][3] == "'" + LINK
    assert rows[1][NARRATIVE] == "'@SUM(A1)"
    assert rows[2][3] == "'-1+2"
    assert rows[1][4] == "市民政局"  # everything else as it was


def test_our_csv_read_back_gives_the_original_text(client, program):
    document = parse_delimited(download(client, "csv"), "下载.csv")
    texts = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert texts[1][3] == LINK and texts[1][NARRATIVE] == "@SUM(A1)" and texts[2][3] == "-1+2"


def test_the_public_xlsx_holds_formula_like_text_as_string_cells(client, program):
    sheet = load_workbook(io.BytesIO(download(client, "xlsx"))).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    link = next(cell for cell in cells if str(cell.value).startswith(LINK))
    assert link.data_type == "s"
    assert any(cell.value == "-1+2" or str(cell.value).startswith("-1+2") for cell in cells)


def test_the_official_xlsx_imports_back_with_the_same_text(client, program, world):
    data = download(client, "xlsx")
    Task.objects.filter(pk=world.task_a.pk).update(content="改过的内容")
    import_document(data, "下载.xlsx", "440783", year=2024)
    assert Task.objects.get(pk=world.task_a.pk).content == LINK
    assert Task.objects.get(pk=world.task_b.pk).content == "-1+2"
