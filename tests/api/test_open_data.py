"""Issue 12, item 6: the open-data API refuses what it does not understand, may be read from
any site, and documents itself accessibly in Chinese and English."""

import pytest

from .conftest import DOCS, PROGRAMS, SCHEMA, TASKS, program_url

pytestmark = pytest.mark.django_db


def test_an_unknown_parameter_is_a_400_naming_it(client, plan):
    response = client.get(TASKS, {"search": "学校"})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail.startswith("未知的查询参数：search。")
    assert "jurisdiction、year、status、q" in detail
    assert client.get(PROGRAMS, {"status": "completed"}).status_code == 400
    assert client.get(program_url("440700", 2024), {"page": "2"}).status_code == 400


def test_known_parameters_still_filter(client, plan):
    assert client.get(TASKS, {"q": "低保", "page_size": "10", "format": "json"}).status_code == 200
    assert client.get(PROGRAMS, {"jurisdiction": "440700", "page": "1"}).status_code == 200


def test_the_unknown_parameter_error_speaks_english_to_an_english_reader(client, plan):
    client.cookies["django_language"] = "en"
    detail = client.get(TASKS, {"search": "学校"}).json()["detail"]
    assert detail.startswith("Unknown query parameter: search. Parameters accepted here: ")


def test_the_api_may_be_read_from_any_site_and_the_portal_may_not(client, plan):
    for url in (PROGRAMS, TASKS, program_url("440700", 2024), SCHEMA):
        response = client.get(url, HTTP_ORIGIN="https://example.org")
        assert response["Access-Control-Allow-Origin"] == "*", url
    preflight = client.options(TASKS, HTTP_ORIGIN="https://example.org")
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    refused = client.post(TASKS, {}, HTTP_ORIGIN="https://example.org")
    assert refused.status_code == 405 and "Access-Control-Allow-Origin" not in refused
    assert "Access-Control-Allow-Origin" not in client.get("/")


def test_the_docs_page_has_a_language_a_heading_and_a_main_landmark(client):
    html = client.get(DOCS).content.decode()
    assert '<html lang="zh-hans">' in html
    assert '<main id="main">' in html
    assert '<h1 class="api-docs__title">民生实事开放数据接口</h1>' in html
    assert 'href="?lang=en" lang="en"' in html
    english = client.get(DOCS, {"lang": "en"}).content.decode()
    assert '<html lang="en">' in english
    assert "<h1 class=\"api-docs__title\">Livelihood projects open-data API</h1>" in english
    script = client.get(DOCS, {"lang": "en", "script": ""}).content.decode()
    assert '"/api/v1/schema/?lang\\u003Den"' in script  # it loads the English schema


def test_the_schema_describes_in_english_on_request(client):
    schema = client.get(SCHEMA, {"format": "json", "lang": "en"}).json()
    operation = schema["paths"]["/api/v1/programs/"]["get"]
    assert operation["summary"] == "Published annual programmes"
    chinese = client.get(SCHEMA, {"format": "json"}).json()
    assert chinese["paths"]["/api/v1/programs/"]["get"]["summary"] == "已公开的年度计划"
