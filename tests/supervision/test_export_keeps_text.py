"""The dashboard's Excel export writes formula-like text as text."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from .conftest import add_milestone

pytestmark = pytest.mark.django_db

LINK = '=HYPERLINK("http://x","y")'


def test_a_milestone_beginning_with_a_formula_is_a_string_cell(client, office):
    add_milestone(office.task_b, datetime.date(2024, 4, 20), LINK)
    client.force_login(office.supervisor)
    book = load_workbook(io.BytesIO(client.get(reverse("supervision:export")).content))
    cell = book["7天内到期"]["B5"]
    assert cell.value == LINK and cell.data_type == "s"
    assert not [
        c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.data_type == "f"
    ]
