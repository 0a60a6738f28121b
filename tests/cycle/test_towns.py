"""Towns and streets (镇/街道) run their own calls, votes and programs under their county,
whose office sees them roll up."""

import datetime

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


def test_a_town_registered_on_the_command_line_runs_its_year_and_rolls_up_into_its_county(
    client, cycle_world
):
    from django.core.management import call_command
    from django.utils import timezone

    from .conftest import proposal_post

    call_command("add_jurisdiction", "440783101", "赤坎镇", "--parent", "440783")
    chikan = Jurisdiction.objects.get(code="440783101")
    assert chikan.parent == cycle_world.kaiping and chikan.path == "440700/440783/440783101/"
    office = make_login("chikan-office", Role.SUPERVISOR, chikan)
    unit = Unit.objects.create(jurisdiction=chikan, name="赤坎镇公共服务办")
    today = timezone.localdate()

    # The town's office opens a call; three people propose on the public form.
    client.force_login(office)
    client.post(reverse("cycle:call_new"), {
        "year": 2027, "title": "赤坎镇2027年民生实事征集", "opens_on": today.isoformat(),
        "closes_on": (today + datetime.timedelta(days=30)).isoformat(), "intro": "",
    })
    call = Call.objects.get(jurisdiction=chikan)
    client.logout()
    for n in range(1, 4):
        response = client.post(reverse("cycle:call_public", args=["440783101", 2027]),
                               proposal_post(title=f"赤坎建议{n}"), REMOTE_ADDR=f"10.9.0.{n}")
        assert response.status_code == 200
    first, second, third = call.proposals.order_by("number")

    # Triage, two candidates, a vote by paper tallies, the program.
    client.force_login(office)
    for proposal, data in ((first, {"action": "accept"}),
                           (second, {"action": "merge", "target": first.number}),
                           (third, {"action": "reject", "reason": "不属于镇级事权。"})):
        client.post(reverse("cycle:triage", args=[proposal.pk]),
                    {f"p{proposal.pk}-{k}": v for k, v in data.items()})
    for number in (1, 2):
        response = client.post(reverse("cycle:candidate_new", args=["440783101"]), {
            "year": 2027, "number": number, "field": "education", "title": f"赤坎候选{number}",
            "content": "内容", "lead_unit": unit.pk, "proposals": [first.pk] if number == 1
            else [], "milestones_text": "2027-12-31 全面完成",
        })
        assert response.status_code == 302, response.content.decode()[:1500]
    candidates = list(Candidate.objects.filter(jurisdiction=chikan).order_by("number"))
    client.post(reverse("cycle:session_new"), {
        "year": 2027, "title": "赤坎镇人大票决", "places": 1, "deputies": 40, "present": 36,
        "candidates": [c.pk for c in candidates],
    })
    session = VoteSession.objects.get(jurisdiction=chikan)
    client.post(reverse("cycle:session_tally", args=[session.pk]), {
        "paper_ballots": 36, "paper_invalid": 1,
        f"c{candidates[0].pk}-for": 30, f"c{candidates[0].pk}-against": 5,
        f"c{candidates[0].pk}-abstain": 0, f"c{candidates[1].pk}-for": 10,
        f"c{candidates[1].pk}-against": 20, f"c{candidates[1].pk}-abstain": 5,
    })

    # While the vote is open the county office reads it but cannot run it.
    client.force_login(cycle_world.office)
    assert client.get(reverse("cycle:session", args=[session.pk])).status_code == 200
    assert client.get(reverse("cycle:session_tally", args=[session.pk])).status_code == 403
    assert client.post(reverse("cycle:session_confirm", args=[session.pk])).status_code == 403
    assert client.get(reverse("cycle:call", args=[call.pk])).status_code == 200

    client.force_login(office)
    client.post(reverse("cycle:session_confirm", args=[session.pk]))
    program = chikan.programs.get(year=2027)
    assert [t.title for t in program.tasks.all()] == ["赤坎候选1"]
    program.publish()
    assert client.get(reverse("portal:task", args=["440783101", 2027, "1"])).status_code == 200

    # The county office sees the town in its roll-up, linked to its pages.
    client.force_login(cycle_world.office)
    html = client.get(reverse("cycle:office")).content.decode()
    roll = html.split('class="work-table rollup"', 1)[1].split("</table>", 1)[0]
    assert "赤坎镇" in roll and "已票决：2 个候选项目选出 1 个" in roll
    assert reverse("cycle:call", args=[call.pk]) in roll
    assert reverse("cycle:session", args=[session.pk]) in roll


def test_a_county_s_public_pages_link_to_its_towns_results(client, town):
    from cycle.models import Proposal

    town_call = Call.objects.create(
        jurisdiction=town.town, year=2027, title="三埠街道2027年民生实事征集",
        opens_on="2026-10-01", closes_on="2026-10-31",
    )
    Proposal.submit(town_call, field="city", title="街道建议", content="内容", beneficiaries="居民")
    summary = client.get(reverse("cycle:proposals", args=["440783", 2027])).content.decode()
    assert "三埠街道" in summary
    assert reverse("cycle:proposals", args=["440783100", 2027]) in summary
    assert reverse("cycle:vote", args=["440783100", 2027]) not in summary  # no vote yet

    street = Unit.objects.create(jurisdiction=town.town, name="街道办公共服务办")
    candidate = Candidate.objects.create(jurisdiction=town.town, year=2027, number=1,
                                         field="city", title="街道候选", content="内容",
                                         lead_unit=street)
    town_session = VoteSession.objects.create(jurisdiction=town.town, year=2027, title="街道票决",
                                              places=1, deputies=30, present=28)
    town_session.candidates.set([candidate])
    town_session.tallies.create(candidate=candidate, votes_for=20)
    town_session.confirm()
    county = town.session
    county.tallies.create(candidate=town.candidates[0], votes_for=8)
    county.confirm()
    vote = client.get(reverse("cycle:vote", args=["440783", 2027])).content.decode()
    assert reverse("cycle:vote", args=["440783100", 2027]) in vote
    assert reverse("cycle:proposals", args=["440783100", 2027]) in vote
    # The town's own pages do not list its county.
    own = client.get(reverse("cycle:vote", args=["440783100", 2027])).content.decode()
    assert "下辖镇（街道）" not in own
