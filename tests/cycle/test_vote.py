"""The deputies' vote: one-time codes, secret ballots, paper tallies, the rule, the program."""

import io

import docx
import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from cycle.choices import SessionState
from cycle.models import Ballot, BallotCode, Tally
from projects.models import Program

pytestmark = pytest.mark.django_db


def ballot_post(session, code, marks):
    data = {"code": code}
    for candidate, mark in zip(session.candidates.order_by("number"), marks, strict=True):
        data[f"c{candidate.pk}"] = mark
    return data


def issue(client, world, count):
    client.force_login(world.office)
    response = client.post(reverse("cycle:session_codes", args=[world.session.pk]),
                           {"count": count})
    client.logout()
    return response.context["codes"]


def test_codes_are_shown_once_and_stored_only_as_hashes(client, cycle_world):
    codes = issue(client, cycle_world, 3)
    assert len(set(codes)) == 3
    stored = list(BallotCode.objects.values_list("code_hash", flat=True))
    assert len(stored) == 3
    assert not any(code.replace("-", "") in h.upper() for code in codes for h in stored)


def test_a_deputy_votes_once_with_a_code(client, cycle_world):
    session = cycle_world.session
    [code] = issue(client, cycle_world, 1)
    url = reverse("cycle:ballot", args=[session.pk])
    response = client.post(url, ballot_post(session, code, ["for", "against", "abstain"]))
    assert "已收到您的选票" in response.content.decode()
    again = client.post(url, ballot_post(session, code, ["for", "for", "abstain"]))
    assert "选票码无效或已使用" in again.content.decode()
    assert Ballot.objects.count() == 1
    assert Ballot.objects.get().choices == {
        str(c.pk): m
        for c, m in zip(cycle_world.candidates, ["for", "against", "abstain"], strict=True)
    }


def test_a_wrong_code_casts_nothing(client, cycle_world):
    session = cycle_world.session
    issue(client, cycle_world, 1)
    response = client.post(reverse("cycle:ballot", args=[session.pk]),
                           ballot_post(session, "AAAAA-BBBBB", ["for", "for", "for"]))
    assert "选票码无效或已使用" in response.content.decode()
    assert not Ballot.objects.exists()


def test_more_for_than_places_is_recorded_as_invalid(client, cycle_world):
    session = cycle_world.session
    [code] = issue(client, cycle_world, 1)
    response = client.post(reverse("cycle:ballot", args=[session.pk]),
                           ballot_post(session, code, ["for", "for", "for"]))
    assert "记为无效票" in response.content.decode()
    assert Ballot.objects.get().is_valid is False
    assert session.ballot_figures()["invalid"] == 1
    assert session.counts()[cycle_world.candidates[0].pk] == [0, 0, 0]


def test_a_ballot_leaves_no_trace_linking_it_to_its_code(client, cycle_world):
    session = cycle_world.session
    [code] = issue(client, cycle_world, 1)
    before = LogEntry.objects.count()
    client.post(reverse("cycle:ballot", args=[session.pk]),
                ballot_post(session, code, ["for", "against", "abstain"]))
    assert LogEntry.objects.count() == before  # casting is not in the trail at all
    assert {f.name for f in Ballot._meta.get_fields()} == {"id", "session", "choices", "is_valid"}
    assert {f.name for f in BallotCode._meta.get_fields()} == {"id", "owner", "code_hash", "used"}
    trail = " ".join(str(e.changes) for e in LogEntry.objects.all())
    assert code not in trail and code.replace("-", "") not in trail
    assert "生成选票码 1 个" in trail  # the office's action is recorded, without the codes


def test_paper_tallies_add_to_phone_ballots_and_bad_sums_are_named(client, cycle_world):
    session = cycle_world.session
    client.force_login(cycle_world.office)
    url = reverse("cycle:session_tally", args=[session.pk])
    first = cycle_world.candidates[0]
    data = {"paper_ballots": 9, "paper_invalid": 1}
    for candidate in cycle_world.candidates:
        data.update({f"c{candidate.pk}-for": 6, f"c{candidate.pk}-against": 1,
                     f"c{candidate.pk}-abstain": 1})
    data[f"c{first.pk}-for"] = 8
    response = client.post(url, data)
    assert "超过有效票 8" in response.content.decode()
    assert not Tally.objects.exists()
    data[f"c{first.pk}-for"] = 5
    client.post(url, data)
    session.refresh_from_db()
    assert session.counts()[first.pk] == [5, 1, 1]
    assert session.ballot_figures() | {"codes_issued": 0} == {
        "cast": 9, "invalid": 1, "phone": 0, "paper": 9, "codes_issued": 0}


def tally(client, world, fors):
    client.force_login(world.office)
    data = {"paper_ballots": 9, "paper_invalid": 0}
    for candidate, votes in zip(world.candidates, fors, strict=True):
        data.update({f"c{candidate.pk}-for": votes, f"c{candidate.pk}-against": 9 - votes,
                     f"c{candidate.pk}-abstain": 0})
    client.post(reverse("cycle:session_tally", args=[world.session.pk]), data)


def test_confirming_creates_the_program_with_units_and_milestones(client, cycle_world):
    import datetime

    first, second, third = cycle_world.candidates
    second.field = "transport"
    second.lead_unit = cycle_world.transport
    second.deadline = datetime.date(2027, 10, 31)
    second.save()
    second.co_units.add(cycle_world.health, cycle_world.education)
    second.milestones.create(position=0, due=datetime.date(2027, 6, 30), text="完成选址")
    tally(client, cycle_world, [8, 7, 6])
    client.post(reverse("cycle:session_confirm", args=[cycle_world.session.pk]))
    cycle_world.session.refresh_from_db()
    assert cycle_world.session.state == SessionState.CONFIRMED
    program = Program.objects.get(jurisdiction=cycle_world.kaiping, year=2027)
    assert cycle_world.session.program == program
    assert not program.is_published  # the office publishes it as any other
    tasks = list(program.tasks.order_by("sort_key"))
    assert [(t.number, t.title) for t in tasks] == [("1", "候选项目1"), ("2", "候选项目2")]
    assert [c.name for c in program.categories.order_by("number")] == ["教育", "交通出行"]
    units = [(a.unit.name, a.is_lead) for a in tasks[1].assignments.order_by("position")]
    assert units == [("市交通运输局", True), ("市卫生健康局", False), ("市教育局", False)]
    assert [m.text for m in tasks[1].milestones.all()] == ["完成选址"]
    assert tasks[1].deadline == datetime.date(2027, 10, 31)
    assert tasks[1].next_report_due is not None  # ready for the reporting workflow


def test_a_confirmed_vote_takes_no_more_ballots_and_cannot_confirm_twice(client, cycle_world):
    session = cycle_world.session
    [code] = issue(client, cycle_world, 1)
    tally(client, cycle_world, [8, 7, 6])
    session.confirm()
    with pytest.raises(ValidationError):
        session.confirm()
    response = client.get(reverse("cycle:ballot", args=[session.pk]))
    assert response.status_code == 404
    with pytest.raises(ValidationError):
        session.cast(code, {str(c.pk): "for" for c in cycle_world.candidates})


def test_a_vote_nobody_passes_creates_nothing(client, cycle_world):
    tally(client, cycle_world, [4, 3, 2])
    response = client.post(reverse("cycle:session_confirm", args=[cycle_world.session.pk]))
    assert any("没有候选项目获得过半数" in str(m) for m in response.wsgi_request._messages)
    assert not Program.objects.filter(year=2027).exists()
    cycle_world.session.refresh_from_db()
    assert cycle_world.session.state == SessionState.OPEN


def test_the_public_page_shows_the_vote_with_ties(client, cycle_world):
    tally(client, cycle_world, [8, 6, 6])
    cycle_world.session.confirm()
    client.logout()
    page = client.get(reverse("cycle:vote", args=["440783", 2027])).content.decode()
    assert "当选" in page and "同票，需另行投票" in page
    assert "至少 5 票" in page


def test_an_unconfirmed_vote_is_not_public(client, cycle_world):
    assert client.get(reverse("cycle:vote", args=["440783", 2027])).status_code == 404


def test_the_candidate_list_prints_as_word(client, cycle_world):
    client.force_login(cycle_world.office)
    response = client.get(reverse("cycle:candidates_docx", args=["440783", 2027]))
    document = docx.Document(io.BytesIO(response.content))
    assert "2027年开平市民生实事候选项目" in document.paragraphs[0].text
    rows = document.tables[0].rows
    assert [r.cells[1].text for r in rows[1:]] == ["候选项目1", "候选项目2", "候选项目3"]


def test_the_office_drafts_a_candidate_with_milestones_and_bad_lines_are_named(
    client, cycle_world
):
    client.force_login(cycle_world.office)
    url = reverse("cycle:candidate_new", args=["440783"])
    data = {
        "year": 2027, "number": 4, "field": "education", "title": "新建学位",
        "content": "新增公办学位1000个", "lead_unit": cycle_world.education.pk,
        "co_units": [cycle_world.health.pk], "funding": "1200.5", "deadline": "2027-12-31",
        "proposals": [cycle_world.proposal.pk],
        "milestones_text": "2027-06-30 完成设计\n年底 竣工",
    }
    response = client.post(url, data)
    assert "第2行" in response.content.decode()
    data["milestones_text"] = "2027-06-30 完成设计\n2027-12-31 竣工"
    client.post(url, data)
    candidate = cycle_world.kaiping.candidates.get(number=4)
    assert [m.text for m in candidate.milestones.all()] == ["完成设计", "竣工"]
    assert list(candidate.proposals.all()) == [cycle_world.proposal]
    assert list(candidate.co_units.all()) == [cycle_world.health]


def test_a_whole_hall_votes_from_one_address_but_guessing_codes_is_stopped(client, cycle_world):
    session = cycle_world.session
    codes = issue(client, cycle_world, 40)
    url = reverse("cycle:ballot", args=[session.pk])
    for code in codes:
        client.post(url, ballot_post(session, code, ["for", "against", "abstain"]),
                    REMOTE_ADDR="10.9.9.9")
    assert Ballot.objects.count() == 40
    for n in range(20):
        client.post(url, ballot_post(session, f"AAAAA-{n:05d}", ["for", "for", "abstain"]),
                    REMOTE_ADDR="10.9.9.10")
    [code] = issue(client, cycle_world, 1)
    response = client.post(url, ballot_post(session, code, ["for", "for", "abstain"]),
                           REMOTE_ADDR="10.9.9.10")
    assert "尝试次数过多" in response.content.decode()
    assert Ballot.objects.count() == 40


def test_confirming_is_in_the_audit_trail_with_its_actor(client, cycle_world):
    tally(client, cycle_world, [8, 7, 6])
    client.post(reverse("cycle:session_confirm", args=[cycle_world.session.pk]))
    entries = LogEntry.objects.get_for_object(cycle_world.session)
    states = [e for e in entries if "state" in (e.changes_dict or {})]
    assert states[0].changes_dict["state"] == ["open", "confirmed"]
    assert states[0].actor == cycle_world.office
