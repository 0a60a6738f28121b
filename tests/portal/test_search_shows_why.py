"""Issue 12, item 5: a search shows why each item was found, and offers only what exists."""

import pytest
from django.urls import reverse

from projects.models import Program

pytestmark = pytest.mark.django_db

SEARCH = reverse("portal:search")


@pytest.fixture
def published(world, import_seed):
    world.program.publish()  # 开平 2024
    import_seed("003").program.publish()  # 江海区 2017
    import_seed("002")  # 江门 2021, not published
    return world


def options(html, name):
    select = html.split(f'name="{name}"')[1].split("</select>")[0]
    return [part.split('"')[1] for part in select.split("<option value=")[1:]]


def test_a_hit_shows_the_words_marked_in_a_snippet(client, published):
    html = client.get(SEARCH, {"q": "学校"}).content.decode()
    assert '<p class="result__snippet">' in html
    assert "<mark>学校</mark>" in html
    by_unit = client.get(SEARCH, {"q": "市民政局"}).content.decode()
    assert "责任单位：<mark>市民政局</mark>" in by_unit


def test_markup_typed_into_the_search_is_never_markup(client, published):
    html = client.get(SEARCH, {"q": "<b>学校"}).content.decode()
    assert "<b>学校" not in html


def test_year_category_and_unit_are_selects_built_from_published_data(client, published):
    html = client.get(SEARCH).content.decode()
    assert options(html, "year") == ["", "2024", "2017"]  # 2021 is not published
    categories = options(html, "category")
    assert "提升就业保障水平" in categories and "" in categories
    units = options(html, "unit")
    assert "市民政局" in units and "市教育局" in units
    assert '<select name="year"' in html and '<select name="unit"' in html


def test_only_jurisdictions_with_published_programs_are_offered(client, published):
    html = client.get(SEARCH).content.decode()
    assert options(html, "jurisdiction") == ["", "440704", "440783"]
    assert Program.objects.filter(jurisdiction__code="440700").exists()


def test_choosing_a_unit_and_a_year_finds_its_items(client, published):
    html = client.get(SEARCH, {"unit": "市教育局", "year": "2024"}).content.decode()
    assert "找到 1 个项目" in html and "新建幼儿园3所。" in html
    refused = client.get(SEARCH, {"year": "2021"}).content.decode()
    assert "2021 不在可选范围内" in refused or "选择一个有效的选项" in refused
