"""The API's JSON comes from orjson (api/renderers.py) in exactly DRF's bytes."""

import datetime
import decimal

from django.utils.translation import gettext_lazy
from rest_framework import renderers

from api.renderers import JSONRenderer

from .conftest import TASKS

DATA = {
    "text": "第1项\u2028第2项\u2029",
    "day": datetime.date(2024, 3, 31),
    "moment": datetime.datetime(2024, 3, 31, 8, 30, 15, 123456, tzinfo=datetime.UTC),
    "label": gettext_lazy("暂无进展数据"),
    "amount": decimal.Decimal("6000.50"),
    "rate": 12.5,
    "none": None,
    "rows": [{"lead": True, "big": 2**70}],
}


def test_the_bytes_are_drf_s_own():
    for data in (DATA, {**DATA, "rows": [{"lead": False}]}, [1, "二", None], {}):
        assert JSONRenderer().render(data) == renderers.JSONRenderer().render(data)
    indented = "application/json; indent=2"
    assert JSONRenderer().render(DATA, indented) == renderers.JSONRenderer().render(
        DATA, indented
    )
    assert JSONRenderer().render(None) == b""


def test_the_api_answers_with_it(client, plan):
    response = client.get(TASKS, HTTP_ACCEPT="application/json")
    assert response.accepted_renderer.__class__ is JSONRenderer
    assert response.content == renderers.JSONRenderer().render(response.data)
    html = client.get(TASKS, HTTP_ACCEPT="text/html")
    assert html["Content-Type"].startswith("text/html")  # the browsable API, for people
