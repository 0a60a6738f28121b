"""The cycle's pages in English: every label from the catalogue; only data stays Chinese."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.progress.test_workbench_english import chinese_labels, visible_text

pytestmark = pytest.mark.django_db


def leftover_labels(page: str, data: list[str]) -> set[str]:
    text = visible_text(page)
    for value in data:
        text = text.replace(value, "")
    return {label for label in chinese_labels() if label in text}


def test_the_proposal_form_and_the_vote_page_read_in_english(client, cycle_world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("cycle:call_public", args=["440783", 2027])).content.decode()
    assert "Make a proposal" in page and "Send the proposal" in page
    data = [cycle_world.call.title, cycle_world.call.intro, "开平市", "简体中文"]
    assert leftover_labels(page, data) == set()

    cycle_world.session.tallies.create(candidate=cycle_world.candidates[0], votes_for=9)
    cycle_world.session.confirm()
    page = client.get(reverse("cycle:vote", args=["440783", 2027])).content.decode()
    assert "Elected" in page and "Did not pass" in page
    data = [cycle_world.session.title, *[str(c) for c in cycle_world.candidates], "开平市",
            "简体中文"]
    assert leftover_labels(page, data) == set()


def test_the_office_page_of_a_call_reads_in_english(client, cycle_world):
    client.force_login(cycle_world.office)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("cycle:call", args=[cycle_world.call.pk])).content.decode()
    assert "Handle" in page and "Public page" in page and ">Received<" in page
    p = cycle_world.proposal
    data = [cycle_world.call.title, p.title, p.content, p.beneficiaries, p.name, "开平市",
            "市教育局", "市交通运输局", "市卫生健康局", "简体中文", "kp-office"]
    assert leftover_labels(page, data) == set()
