"""The admin's task export (django-import-export) writes formula-like text as text."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from projects.models import Task

pytestmark = pytest.mark.django_db

LINK = '=HYPERLINK("http://x","y")'


def export(admin_client, title):
    url = reverse("admin:projects_task_export")
    form = admin_client.get(url).context["form"]
    fmt = next(value for value, name in form.fields["format"].choices if name == title)
    fields = {name: "on" for name in form.fields if name.startswith("taskresource_")}
    return admin_client.post(url, {"format": fmt, "resource": "0", **fields}).content


@pytest.fixture
def formulas(plan):
    Task.objects.filter(content__startswith="城乡低保").update(content=LINK, title="+1")
    Task.objects.filter(content__startswith="城乡居民医保").update(content="@SUM(A1)")


def test_the_xlsx_export_holds_formula_like_text_as_string_cells(admin_client, formulas):
    sheet = openpyxl.load_workbook(io.BytesIO(export(admin_client, "xlsx"))).active
    cells = {cell.value: cell for row in sheet.iter_rows(min_row=2) for cell in row}
    for text in (LINK, "+1", "@SUM(A1)"):
        assert cells[text].data_type == "s"
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_the_csv_export_quotes_formula_like_text(admin_client, formulas):
    rows = list(csv.reader(io.StringIO(export(admin_client, "csv").decode("utf-8-sig"))))
    values = {value for row in rows[1:] for value in row}
    assert {"'" + LINK, "'+1", "'@SUM(A1)"} <= values
    assert LINK not in values
