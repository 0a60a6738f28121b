"""The year-end evaluation: deputies rate each item, citizens rate completed items apart."""

import pytest
from django.urls import reverse

from cycle.choices import EvaluationState
from cycle.models import CitizenRating, Evaluation, EvaluationBallot
from projects.choices import TaskStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluated(client, cycle_world):
    """The 2027 program as voted, published, one item completed, an evaluation open."""
    session = cycle_world.session
    client.force_login(cycle_world.office)
    data = {"paper_ballots": 9, "paper_invalid": 0}
    for candidate, votes in zip(cycle_world.candidates, [8, 7, 6], strict=True):
        data.update({f"c{candidate.pk}-for": votes, f"c{candidate.pk}-against": 9 - votes,
                     f"c{candidate.pk}-abstain": 0})
    client.post(reverse("cycle:session_tally", args=[session.pk]), data)
    program = session.confirm()
    program.publish()
    tasks = list(program.tasks.order_by("sort_key"))
    tasks[0].status = TaskStatus.COMPLETED
    tasks[0].save()
    client.post(reverse("cycle:evaluation_new", args=[program.pk]), {"deputies": 10})
    client.logout()
    cycle_world.program = program
    cycle_world.tasks = tasks
    cycle_world.evaluation = Evaluation.objects.get(program=program)
    return cycle_world


def test_deputies_rate_each_item_once_with_a_code(client, evaluated):
    evaluation = evaluated.evaluation
    client.force_login(evaluated.office)
    codes = client.post(reverse("cycle:evaluation_codes", args=[evaluation.pk]),
                        {"count": 2}).context["codes"]
    client.logout()
    url = reverse("cycle:evaluation_ballot", args=[evaluation.pk])
    first, second = evaluated.tasks
    data = {"code": codes[0], f"t{first.pk}": "satisfied", f"t{second.pk}": "basic"}
    assert "已收到您的选票" in client.post(url, data).content.decode()
    assert "测评码无效或已使用" in client.post(url, data).content.decode()
    assert EvaluationBallot.objects.count() == 1
    rows, total, overall = evaluation.results()
    assert rows[0]["counts"] == [1, 0, 0, 0] and rows[1]["counts"] == [0, 1, 0, 0]
    assert overall == 100


def test_paper_evaluation_tallies_over_the_deputies_are_refused(client, evaluated):
    evaluation = evaluated.evaluation
    client.force_login(evaluated.office)
    url = reverse("cycle:evaluation_tally", args=[evaluation.pk])
    first, second = evaluated.tasks
    data = {}
    for task, counts in ((first, (6, 2, 1, 1)), (second, (9, 2, 0, 0))):
        for key, n in zip(("satisfied", "basic", "dissatisfied", "abstain"), counts, strict=True):
            data[f"t{task.pk}-{key}"] = n
    response = client.post(url, data)
    assert "第2项：票数之和 11 超过参加测评代表人数 10" in response.content.decode()
    assert not evaluation.tallies.exists()
    data[f"t{second.pk}-basic"] = 1
    client.post(url, data)
    rows, total, overall = evaluation.results()
    assert total == [15, 3, 1, 1] and overall == 90


def test_published_results_appear_beside_the_completion_report(client, evaluated):
    evaluation = evaluated.evaluation
    client.force_login(evaluated.office)
    first, second = evaluated.tasks
    data = {}
    for task in (first, second):
        for key, n in zip(("satisfied", "basic", "dissatisfied", "abstain"), (7, 2, 1, 0),
                          strict=True):
            data[f"t{task.pk}-{key}"] = n
    client.post(reverse("cycle:evaluation_tally", args=[evaluation.pk]), data)
    program_url = reverse("portal:program", args=["440783", 2027])
    client.logout()
    assert "测评总体满意率" not in client.get(program_url).content.decode()
    public_url = reverse("cycle:evaluation_public", args=["440783", 2027])
    assert "代表测评结果尚未公布" in client.get(public_url).content.decode()
    client.force_login(evaluated.office)
    client.post(reverse("cycle:evaluation_publish", args=[evaluation.pk]))
    evaluation.refresh_from_db()
    assert evaluation.state == EvaluationState.PUBLISHED and evaluation.overall_rate == 90
    client.logout()
    page = client.get(program_url).content.decode()  # the cached page was dropped
    assert "人大代表测评总体满意率 90%" in page
    assert "查看票决结果" in page
    page = client.get(public_url).content.decode()
    assert "总体满意率 90%" in page and "<td>7</td>" in page


def test_a_citizen_rates_a_completed_item_once_per_browser(client, evaluated):
    done, open_item = evaluated.tasks
    url = reverse("cycle:rate", args=["440783", 2027, done.number])
    client.post(url, {"rating": "satisfied"})
    client.post(url, {"rating": "dissatisfied"})
    assert list(CitizenRating.objects.values_list("rating", flat=True)) == ["satisfied"]
    page = client.get(reverse("cycle:evaluation_public", args=["440783", 2027])).content.decode()
    assert "您已评价过这一项" in page
    not_done = reverse("cycle:rate", args=["440783", 2027, open_item.number])
    assert client.post(not_done, {"rating": "satisfied"}).status_code == 404


def test_citizen_ratings_are_rate_limited_per_address(evaluated):
    from django.test import Client

    url = reverse("cycle:rate", args=["440783", 2027, evaluated.tasks[0].number])
    for _n in range(25):  # a fresh browser each time: no cookie
        Client().post(url, {"rating": "satisfied"}, REMOTE_ADDR="10.1.1.1")
    assert CitizenRating.objects.count() == 20


def test_a_citizen_cannot_abstain_or_forge_the_cookie(client, evaluated):
    url = reverse("cycle:rate", args=["440783", 2027, evaluated.tasks[0].number])
    client.post(url, {"rating": "abstain"})
    assert not CitizenRating.objects.exists()
    client.cookies["cycle_rated"] = "1,2,3"
    client.post(url, {"rating": "basic"})
    assert CitizenRating.objects.count() == 1
