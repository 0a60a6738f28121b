import pytest

from .conftest import DOCS, PROGRAMS, SCHEMA, TASKS, program_url

pytestmark = pytest.mark.django_db

URLS = [PROGRAMS, program_url("440700", 2024), TASKS]


@pytest.mark.parametrize("url", [*URLS, SCHEMA, DOCS])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_answers_405(client, plan, url, method):
    response = getattr(client, method)(url, data={}, content_type="application/json")
    assert response.status_code == 405


@pytest.mark.parametrize("url", URLS)
def test_head_and_options_answer_for_anyone(client, plan, url):
    assert client.head(url).status_code == 200
    response = client.options(url)
    assert response.status_code == 200
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_a_logged_in_administrator_cannot_write_either(admin_client, plan):
    assert admin_client.post(PROGRAMS, data={}).status_code == 405
    assert admin_client.delete(program_url("440700", 2024)).status_code == 405
