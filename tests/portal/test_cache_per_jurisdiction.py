"""The page cache is scoped to the jurisdiction that changed, and public pages, downloads and
the API answer 304 to a visitor who already has the current version."""

import pytest
from django.urls import reverse

from tests.portal.test_public_pages import file_march, program_url, task_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def jiangmen(import_seed):
    program = import_seed("000").program
    program.publish()
    return program


def test_an_approval_in_kaiping_leaves_jiangmens_pages_cached_and_refreshes_kaipings(
    client, world, jiangmen, django_assert_num_queries
):
    world.program.publish()
    jiangmen_url, kaiping_url = program_url(jiangmen), program_url(world.program)
    first = client.get(jiangmen_url)
    client.get(kaiping_url)
    assert "审核通过后的新进展" not in client.get(kaiping_url).content.decode()

    file_march(world, narrative="审核通过后的新进展")

    with django_assert_num_queries(0):
        cached = client.get(jiangmen_url)
    assert cached["X-Portal-Cache"] == "hit"
    assert cached.content == first.content
    fresh = client.get(kaiping_url)
    assert "X-Portal-Cache" not in fresh
    assert "审核通过后的新进展" in fresh.content.decode()


def test_any_change_refreshes_the_pages_across_jurisdictions(client, world, jiangmen):
    world.program.publish()
    home = reverse("projects:home")
    client.get(home)
    assert client.get(home)["X-Portal-Cache"] == "hit"
    file_march(world, narrative="审核通过后的新进展")
    assert "X-Portal-Cache" not in client.get(home)


@pytest.mark.parametrize("page", ["program", "item", "download"])
def test_a_repeated_request_with_the_etag_gets_304_with_an_empty_body(
    client, world, page, django_assert_num_queries
):
    world.program.publish()
    url = {
        "program": program_url(world.program),
        "item": task_url(world.task_a),
        "download": reverse("portal:download", args=["440783", 2024, "xlsx"]),
    }[page]
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"]
    with django_assert_num_queries(0):
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    # The strict headers the site sets stay on the short answer.
    assert again["X-Content-Type-Options"] == "nosniff"
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_after_a_change_the_old_etag_gets_the_new_page(client, world):
    world.program.publish()
    url = program_url(world.program)
    old = client.get(url)["ETag"]
    file_march(world, narrative="审核通过后的新进展")
    response = client.get(url, HTTP_IF_NONE_MATCH=old)
    assert response.status_code == 200
    assert response["ETag"] != old
    assert "审核通过后的新进展" in response.content.decode()


def test_an_approval_in_kaiping_keeps_jiangmens_etag(client, world, jiangmen):
    world.program.publish()
    old = client.get(program_url(jiangmen))["ETag"]
    file_march(world)
    assert client.get(program_url(jiangmen), HTTP_IF_NONE_MATCH=old).status_code == 304


def test_the_chinese_and_english_pages_have_different_etags(client, world):
    world.program.publish()
    chinese = client.get(program_url(world.program))["ETag"]
    english = client.get("/en" + program_url(world.program))
    assert english.status_code == 200
    assert english["ETag"] != chinese
    assert client.get(program_url(world.program), HTTP_IF_NONE_MATCH=english["ETag"]).status_code == 200


def test_signed_in_staff_and_missing_pages_get_no_etag(client, world):
    world.program.publish()
    assert "ETag" not in client.get(reverse("portal:program", args=["440783", 1999]))
    client.force_login(world.supervisor)
    assert "ETag" not in client.get(program_url(world.program))


def test_the_api_program_answers_304_until_its_jurisdiction_changes(client, world, jiangmen):
    world.program.publish()
    kaiping = reverse("api:program", args=["440783", 2024])
    jiangmen_api = reverse("api:program", args=["440700", jiangmen.year])
    first, other = client.get(kaiping), client.get(jiangmen_api)
    assert first.status_code == 200 and first["ETag"]
    again = client.get(kaiping, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["Access-Control-Allow-Origin"] == "*"

    file_march(world, narrative="审核通过后的新进展")

    changed = client.get(kaiping, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert "审核通过后的新进展" in changed.content.decode()
    assert client.get(jiangmen_api, HTTP_IF_NONE_MATCH=other["ETag"]).status_code == 304


def test_the_api_task_list_follows_any_change(client, world):
    world.program.publish()
    url = reverse("api:tasks")
    first = client.get(url)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    json_etag = client.get(url, {"format": "json"})["ETag"]
    assert json_etag != first["ETag"]
    file_march(world)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_an_unknown_program_in_the_api_has_no_etag(client, db):
    response = client.get(reverse("api:program", args=["440783", 1999]))
    assert response.status_code == 404
    assert "ETag" not in response


def test_the_api_is_cached_per_jurisdiction_and_per_representation(
    client, world, jiangmen, django_assert_num_queries
):
    world.program.publish()
    jiangmen_api = reverse("api:program", args=["440700", jiangmen.year])
    kaiping_api = reverse("api:program", args=["440783", 2024])
    first = client.get(jiangmen_api, HTTP_ACCEPT="application/json")
    assert first["Content-Type"] == "application/json"
    client.get(kaiping_api, HTTP_ACCEPT="application/json")

    file_march(world, narrative="审核通过后的新进展")

    with django_assert_num_queries(0):
        cached = client.get(jiangmen_api, HTTP_ACCEPT="application/json")
    assert cached["X-Portal-Cache"] == "hit"
    assert cached.content == first.content
    assert cached["Vary"] == first["Vary"]
    fresh = client.get(kaiping_api, HTTP_ACCEPT="application/json")
    assert "X-Portal-Cache" not in fresh
    assert "审核通过后的新进展" in fresh.content.decode()
    # The browsable page is another representation: never the cached JSON.
    page = client.get(jiangmen_api, HTTP_ACCEPT="text/html")
    assert page["Content-Type"].startswith("text/html")
    assert page["ETag"] != cached["ETag"]
