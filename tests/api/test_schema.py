import re

import pytest
from django.contrib.staticfiles import finders
from drf_spectacular.validation import validate_schema

from .conftest import DOCS, SCHEMA

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get(SCHEMA, {"format": "json"})
    assert response.status_code == 200
    assert "json" in response["Content-Type"]
    return response.json()


def test_the_schema_is_valid_openapi_3_with_every_endpoint(schema):
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "民生实事开放数据接口"
    assert "Read-only" in schema["info"]["description"]
    assert {"/api/v1/programs/", "/api/v1/programs/{code}/{year}/", "/api/v1/tasks/"} <= set(
        schema["paths"]
    )
    assert "/api/v1/schema/" not in schema["paths"]


def test_the_schema_describes_every_endpoint_parameter_and_field(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert method == "get", path
            assert operation["summary"] and operation["description"], path
            for parameter in operation["parameters"]:
                assert parameter.get("description"), (path, parameter["name"])
    for name, component in schema["components"]["schemas"].items():
        if name.startswith("Paginated") or "enum" in component:
            continue
        for field, spec in component["properties"].items():
            assert spec.get("description"), f"{name}.{field}"


def test_the_task_filters_are_in_the_schema(schema):
    parameters = {p["name"] for p in schema["paths"]["/api/v1/tasks/"]["get"]["parameters"]}
    assert parameters == {"jurisdiction", "year", "status", "q", "page", "page_size"}


def test_the_docs_page_loads_nothing_from_another_host(client):
    response = client.get(DOCS)
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    references = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert references
    for url in references:
        assert not re.match(r"^(https?:)?//", url), url
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), url
        else:
            # The page's own start-up script, served apart so the CSP needs no inline script.
            # …and the links between the Chinese and the English descriptions.
            assert url == f"{DOCS}?script=" or url.startswith("?lang="), url
    assert not re.search(r"https?://(?!testserver)", html)
    assert "<script>" not in html  # no inline script: the Content-Security-Policy allows none
    script = client.get(f"{DOCS}?script=").content.decode()
    assert "/api/v1/schema/" in script
