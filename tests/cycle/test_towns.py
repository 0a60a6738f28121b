"""Towns and streets (镇/街道) run their own calls, votes and programs under their county,
whose office sees them roll up."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.choices import Role
from cycle.models import Call, Candidate, VoteSession
from projects.models import Jurisdiction, Unit

from .conftest import make_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(cycle_world):
    sanbu = Jurisdiction.objects.create(code="440783100", name="三埠街道",
                                        parent=cycle_world.kaiping)
    cycle_world.town = sanbu
    cycle_world.town_office = make_login("sanbu-office", Role.SUPERVISOR, sanbu)
    return cycle_world


def test_a_town_has_a_nine_digit_code_under_its_county(town):
    assert town.town.path == "440700/440783/440783100/"
    with pytest.raises(ValidationError):
        Jurisdiction(code="4407831", name="错码", parent=town.kaiping).full_clean()


def test_a_town_runs_its_own_call_and_vote_and_its_county_sees_them(client, town):
    client.force_login(town.town_office)
    client.post(reverse("cycle:call_new"), {
        "year": 2027, "title": "三埠街道2027年民生实事征集", "opens_on": "2026-10-01",
        "closes_on": "2026-10-31", "intro": "",
    })
    call = Call.objects.get(jurisdiction=town.town)
    street = Unit.objects.create(jurisdiction=town.town, name="街道办公共服务办")
    candidates = [
        Candidate.objects.create(jurisdiction=town.town, year=2027, number=n, field="city",
                                 title=f"街道候选{n}", content="内容", lead_unit=street)
        for n in (1, 2)
    ]
    session = VoteSession.objects.create(jurisdiction=town.town, year=2027, title="街道票决",
                                         places=1, deputies=30, present=28)
    session.candidates.set(candidates)
    session.tallies.create(candidate=candidates[0], votes_for=20)
    client.post(reverse("cycle:session_confirm", args=[session.pk]))
    program = town.town.programs.get(year=2027)
    program.publish()
    assert client.get(reverse("portal:task", args=["440783100", 2027, "1"])).status_code == 200

    # The county office reads its town's call and vote but runs neither.
    client.force_login(town.office)
    home = client.get(reverse("cycle:office")).content.decode()
    assert "三埠街道2027年民生实事征集" in home and "街道票决" in home
    assert client.get(reverse("cycle:call", args=[call.pk])).status_code == 200
    assert client.get(reverse("cycle:session_tally", args=[session.pk])).status_code == 403
    # And the town office sees nothing of its county's.
    client.force_login(town.town_office)
    assert client.get(reverse("cycle:call", args=[town.call.pk])).status_code == 404
