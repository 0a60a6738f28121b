"""Every URL of the cycle against every persona: anonymous, a unit, another county's office,
the city office above, the own office (开平市) and the administrator.

404 where the object lies outside the login's jurisdictions (its existence is not revealed),
403 where the login sees it but may not act (the office above reads its counties' and towns'
calls and votes but runs none of them), and the public pages open to everyone."""

import pytest
from auditlog.models import LogEntry
from django.urls import resolve, reverse

from cycle.models import Evaluation, VoteSession
from cycle.urls import urlpatterns
from projects.choices import TaskStatus

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "unit", "other_office", "city_office", "office", "admin"]


@pytest.fixture
def scene(cycle_world):
    w = cycle_world
    w.proposal.forward(w.education)
    confirmed = VoteSession.objects.create(
        jurisdiction=w.kaiping, year=2027, title="第一轮", places=1, deputies=10, present=10
    )
    confirmed.candidates.set(w.candidates)
    confirmed.tallies.create(candidate=w.candidates[0], votes_for=9)
    program = confirmed.confirm()
    program.publish()
    task = program.tasks.get()
    task.status = TaskStatus.COMPLETED
    task.save()
    w.program, w.task = program, task
    w.evaluation = Evaluation.objects.create(program=program, deputies=10)
    return w


def url(name, *args):
    return lambda w: reverse(f"cycle:{name}", args=[a(w) if callable(a) else a for a in args])


CALL = lambda w: w.call.pk  # noqa: E731
SESSION = lambda w: w.session.pk  # noqa: E731
EVALUATION = lambda w: w.evaluation.pk  # noqa: E731

# name: (method, url, data)
ACTIONS = {
    "office": ("GET", url("office"), None),
    "call_new": ("GET", url("call_new"), None),
    "call": ("GET", url("call", CALL), None),
    "call_export": ("GET", url("call_export", CALL), None),
    "triage": ("POST", lambda w: reverse("cycle:triage", args=[w.proposal.pk]),
               lambda w: {f"p{w.proposal.pk}-action": "accept"}),
    "candidate_new": ("GET", url("candidate_new", "440783"), None),
    "candidates": ("GET", url("candidates", "440783", 2027), None),
    "candidates_docx": ("GET", url("candidates_docx", "440783", 2027), None),
    "candidate_edit": ("GET", lambda w: reverse("cycle:candidate_edit",
                                                args=[w.candidates[0].pk]), None),
    "session_new": ("GET", url("session_new"), None),
    "session": ("GET", url("session", SESSION), None),
    "session_codes": ("POST", url("session_codes", SESSION), lambda w: {"count": 2}),
    "session_tally": ("GET", url("session_tally", SESSION), None),
    "session_confirm": ("POST", url("session_confirm", SESSION), lambda w: {}),
    "evaluation_new": ("GET", lambda w: reverse("cycle:evaluation_new", args=[w.program.pk]),
                       None),
    "evaluation": ("GET", url("evaluation", EVALUATION), None),
    "evaluation_codes": ("POST", url("evaluation_codes", EVALUATION), lambda w: {"count": 2}),
    "evaluation_tally": ("GET", url("evaluation_tally", EVALUATION), None),
    "evaluation_publish": ("POST", url("evaluation_publish", EVALUATION), lambda w: {}),
    "opinions": ("GET", url("opinions"), None),
    "opinion": ("POST", lambda w: reverse("cycle:opinion", args=[w.proposal.pk]),
                lambda w: {f"p{w.proposal.pk}-opinion": "可行"}),
    "ballot": ("GET", url("ballot", SESSION), None),
    "evaluation_ballot": ("GET", url("evaluation_ballot", EVALUATION), None),
    "lookup": ("GET", url("lookup"), None),
    "call_public": ("GET", url("call_public", "440783", 2027), None),
    "proposals": ("GET", url("proposals", "440783", 2027), None),
    "vote": ("GET", url("vote", "440783", 2027), None),
    "evaluation_public": ("GET", url("evaluation_public", "440783", 2027), None),
    "rate": ("POST", lambda w: reverse("cycle:rate", args=["440783", 2027, w.task.number]),
             lambda w: {"rating": "satisfied"}),
}

PUBLIC = {"ballot", "evaluation_ballot", "lookup", "call_public", "proposals", "vote",
          "evaluation_public"}
READ = {"office", "call", "call_export", "candidates", "candidates_docx", "session",
        "evaluation"}
ACT_GET = {"candidate_new", "candidate_edit", "session_tally", "evaluation_tally"}
ACT_POST = {"triage", "session_confirm", "evaluation_publish"}
OPEN_OWN = {"call_new", "session_new"}  # an office opens its own; an administrator has none


def expected(persona, name):
    if name in PUBLIC:
        return 200
    if name == "rate":
        return 302
    if name == "opinions":
        return 200 if persona == "unit" else 403
    if name == "opinion":
        return {"anonymous": 403, "unit": 302}.get(persona, 404)
    if persona in ("anonymous", "unit"):
        return 403
    if name in OPEN_OWN:
        return 403 if persona == "admin" else 200
    if name == "office":
        return 200
    if persona == "other_office":
        # Another county's office: the candidates page of 开平 names a jurisdiction it
        # cannot see at all.
        return 404
    if name in READ:
        return 200
    if persona == "city_office":
        return 403
    if name in ACT_POST:
        return 302
    if name in ("session_codes", "evaluation_codes"):
        return 200
    if name == "evaluation_new":
        return 302  # the evaluation is already open: to its page
    assert name in ACT_GET, name
    return 200


def test_the_grid_covers_every_url_of_the_cycle():
    assert set(ACTIONS) == {pattern.name for pattern in urlpatterns}


def log_in(client, world, persona):
    if persona != "anonymous":
        client.force_login(getattr(world, persona))


MATRIX = [(p, n) for p in PERSONAS for n in ACTIONS]


@pytest.mark.parametrize("persona, name", MATRIX, ids=[f"{p}-{n}" for p, n in MATRIX])
def test_each_persona_gets_the_expected_answer_and_refusals_change_nothing(
    client, scene, persona, name
):
    method, make_url, make_data = ACTIONS[name]
    log_in(client, scene, persona)
    target = make_url(scene)
    assert resolve(target).url_name == name
    before = LogEntry.objects.count()
    if method == "GET":
        response = client.get(target)
    else:
        response = client.post(target, make_data(scene))
    assert response.status_code == expected(persona, name)
    if response.status_code in (403, 404):
        assert LogEntry.objects.count() == before


POST_ONLY = [n for n, (method, *_rest) in ACTIONS.items() if method == "POST"]


@pytest.mark.parametrize("name", POST_ONLY)
def test_a_get_on_a_post_only_url_answers_405(client, scene, name):
    client.force_login(scene.office if name != "opinion" else scene.unit)
    assert client.get(ACTIONS[name][1](scene)).status_code == 405


def test_the_city_office_reads_the_proposals_without_the_proposers_contacts(client, scene):
    client.force_login(scene.city_office)
    page = client.get(reverse("cycle:call", args=[scene.call.pk])).content.decode()
    assert "学校门口增设红绿灯" in page and "13800001111" not in page
    assert "cycle/office/proposals" not in page  # no triage forms
    client.force_login(scene.office)
    page = client.get(reverse("cycle:call", args=[scene.call.pk])).content.decode()
    assert "13800001111" in page


def test_the_office_home_lists_only_calls_in_scope(client, scene):
    client.force_login(scene.other_office)
    assert scene.call.title not in client.get(reverse("cycle:office")).content.decode()
    client.force_login(scene.city_office)
    assert scene.call.title in client.get(reverse("cycle:office")).content.decode()


def test_the_scope_answers_for_the_cycle(scene):
    from accounts.scope import scope_of

    answers = {
        persona: (scope_of(getattr(scene, persona)).may_run_consultation(scene.kaiping),
                  scope_of(getattr(scene, persona)).may_read_consultation(scene.kaiping))
        for persona in PERSONAS[1:]
    }
    assert answers == {
        "unit": (False, False), "other_office": (False, False),
        "city_office": (False, True), "office": (True, True), "admin": (True, True),
    }
