"""Who may do what on the workbench: every URL, every persona, and the database after.

Task A (新增就业6000人以上) is led by 市民政局 with 市财政局 as co-unit; task B belongs to 市教育局.
The scene holds a submitted March report, an April draft with a photo attached and a pending
extension of the June milestone. Forbidden requests must answer without changing anything.
"""

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse
from django.utils import translation
from PIL import Image

from minsheng.lib.periods import Period
from progress import workflow
from progress.choices import ChangeKind, ChangeState, EventKind, ReportState
from progress.models import (
    Attachment,
    ChangeRequest,
    Contribution,
    ProgressRecord,
    Report,
    TaskEvent,
)
from progress.urls import urlpatterns
from projects.models import Milestone, Task

from .conftest import PASSWORD, report_post

pytestmark = pytest.mark.django_db

APRIL_15 = "2024-04-15 10:00 +0800"
MARCH = Period(2024, 3)
APRIL = Period(2024, 4)
TASK_A_TEXT = "新增就业6000人以上"
TASK_B_TEXT = "新建幼儿园3所"
PERSONAS = ["anonymous", "supervisor", "city_supervisor", "lead", "co_unit", "other_unit"]


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 160, 90)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def april_15():
    with time_machine.travel(APRIL_15, tick=False):
        yield


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture(autouse=True)
def fast_and_isolated(settings, tmp_path):
    """Uploaded evidence goes to a temporary folder; cheap hashing keeps the matrix quick."""
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def scene(world):
    """State built with the workflow, as the units and the office would have left it."""
    submitted = workflow.save_report(
        world.task_a,
        MARCH,
        world.lead,
        narrative="三月新增就业2600人。",
        figure=Decimal("2600"),
        declares_complete=False,
        updates=[
            {
                "milestone": world.march,
                "state": "done",
                "done_on": datetime.date(2024, 3, 28),
                "reason": "",
                "remedy": "",
            }
        ],
        version=None,
    )
    workflow.submit(submitted, world.lead)
    draft = workflow.save_report(
        world.task_a,
        APRIL,
        world.lead,
        narrative="四月草稿。",
        figure=Decimal("3000"),
        declares_complete=False,
        updates=[],
        version=None,
    )
    attachment = workflow.attach(draft, world.lead, "photo.png", png_bytes())
    change = workflow.request_change(
        world.june,
        world.lead,
        kind=ChangeKind.EXTENSION,
        reason="专项资金尚未到位。",
        proposed_due=datetime.date(2024, 7, 31),
    )
    submitted.refresh_from_db()
    draft.refresh_from_db()
    return SimpleNamespace(
        world=world, submitted=submitted, draft=draft, attachment=attachment, change=change
    )


def user_of(world, persona):
    return AnonymousUser() if persona == "anonymous" else getattr(world, persona)


def log_in(client, world, persona):
    if persona != "anonymous":
        client.force_login(getattr(world, persona))


def body_of(response) -> bytes:
    if getattr(response, "streaming", False):
        # Consuming the stream closes the response (the test client's wrapper does it).
        return b"".join(response.streaming_content)
    return response.content


def snapshot() -> dict:
    """Everything a request on the workbench could change."""
    return {
        "reports": sorted(Report.objects.values_list("pk", "state", "version", "narrative")),
        "changes": sorted(ChangeRequest.objects.values_list("pk", "state")),
        "milestone dues": sorted(Milestone.objects.values_list("pk", "due")),
        "contributions": Contribution.objects.count(),
        "attachments": sorted(Attachment.objects.values_list("pk", "is_public")),
        "events": TaskEvent.objects.count(),
        "records": ProgressRecord.objects.count(),
        "users": get_user_model().objects.count(),
    }


# -- the URLs of progress/urls.py -----------------------------------------------------------


@dataclass(frozen=True)
class Action:
    name: str
    method: str
    url: Callable
    data: Callable = field(default=lambda s: {})
    of_task_a: bool = True

    def perform(self, client, s):
        url = self.url(s)
        if self.method == "GET":
            return client.get(url)
        return client.post(url, self.data(s))


def report_url(s, period=APRIL):
    return reverse("progress:report", kwargs={"pk": s.world.task_a.pk, "period": period.key})


ACTIONS = {
    a.name: a
    for a in [
        Action("home", "GET", lambda s: reverse("progress:home"), of_task_a=False),
        Action("task page", "GET", lambda s: reverse("progress:task", args=[s.world.task_a.pk])),
        Action("report page", "GET", report_url),
        Action(
            "report form",
            "POST",
            report_url,
            lambda s: report_post(version=s.draft.version, narrative="四月改过的进展。"),
        ),
        Action(
            "change form",
            "GET",
            lambda s: reverse("progress:change_new", args=[s.world.task_a.pk]),
        ),
        Action(
            "change application",
            "POST",
            lambda s: reverse("progress:change_new", args=[s.world.task_a.pk]),
            lambda s: {
                "milestone": s.world.march.pk,
                "kind": ChangeKind.EXTENSION,
                "proposed_due": "2024-04-30",
                "reason": "方案仍在审批。",
            },
        ),
        Action(
            "review",
            "POST",
            lambda s: reverse("progress:review", args=[s.submitted.pk]),
            lambda s: {"decision": "approve", "comment": "同意。"},
        ),
        Action(
            "contribution",
            "POST",
            lambda s: reverse("progress:contribute", args=[s.draft.pk]),
            lambda s: {"text": "市财政局已拨付补贴资金500万元。"},
        ),
        Action(
            "upload",
            "POST",
            lambda s: reverse("progress:attach", args=[s.draft.pk]),
            lambda s: {"file": SimpleUploadedFile("site.png", png_bytes(), "image/png")},
        ),
        Action("download", "GET", lambda s: reverse("progress:attachment", args=[s.attachment.pk])),
        Action(
            "photo publication",
            "POST",
            lambda s: reverse("progress:attachment_publish", args=[s.attachment.pk]),
            lambda s: {"public": "1"},
        ),
        Action(
            "change decision",
            "POST",
            lambda s: reverse("progress:change_decide", args=[s.change.pk]),
            lambda s: {"decision": "grant", "comment": ""},
        ),
        Action("accounts page", "GET", lambda s: reverse("progress:accounts"), of_task_a=False),
        Action(
            "account opening",
            "POST",
            lambda s: reverse("progress:accounts"),
            lambda s: {
                "unit": s.world.civil.pk,
                "username": "civil-second",
                "first_name": "王五",
                "email": "wangwu@example.invalid",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
            of_task_a=False,
        ),
    ]
}
TASK_A_ACTIONS = [name for name, a in ACTIONS.items() if a.of_task_a]
POST_ONLY = ["review", "contribution", "upload", "change decision", "photo publication"]

OUTSIDER = {name: 404 for name in TASK_A_ACTIONS} | {
    "home": 200,
    "accounts page": 403,
    "account opening": 403,
}
EXPECTED = {
    "anonymous": {name: 403 for name in ACTIONS},
    "other_unit": OUTSIDER,
    # 江门's office has its own accounts page, whose unit list does not hold 开平's units.
    "city_supervisor": OUTSIDER | {"accounts page": 200, "account opening": 200},
    "lead": {
        "home": 200,
        "task page": 200,
        "report page": 200,
        "report form": 302,
        "change form": 200,
        "change application": 302,
        "review": 403,
        "contribution": 403,
        "upload": 302,
        "download": 200,
        "photo publication": 403,
        "change decision": 403,
        "accounts page": 403,
        "account opening": 403,
    },
    "co_unit": {
        "home": 200,
        "task page": 200,
        "report page": 200,
        "report form": 403,
        "change form": 403,
        "change application": 403,
        "review": 403,
        "contribution": 302,
        "upload": 302,
        "download": 200,
        "photo publication": 403,
        "change decision": 403,
        "accounts page": 403,
        "account opening": 403,
    },
    "supervisor": {
        "home": 200,
        "task page": 200,
        "report page": 200,
        "report form": 403,
        "change form": 403,
        "change application": 403,
        "review": 302,
        "contribution": 403,
        "upload": 403,
        "download": 200,
        "photo publication": 302,
        "change decision": 302,
        "accounts page": 200,
        "account opening": 302,
    },
}
CANNOT_SEE_TASK_A = {"anonymous", "other_unit", "city_supervisor"}
MATRIX = [(persona, name) for persona in PERSONAS for name in ACTIONS]


def test_the_matrix_covers_every_url_of_the_workbench(scene):
    covered = {(resolve(a.url(scene)).url_name, a.method) for a in ACTIONS.values()}

    names = {name for name, _method in covered}
    assert names == {pattern.name for pattern in urlpatterns}
    assert {("report", "GET"), ("report", "POST"), ("change_new", "GET")} <= covered
    assert {("change_new", "POST"), ("accounts", "GET"), ("accounts", "POST")} <= covered
    assert all(set(EXPECTED[persona]) == set(ACTIONS) for persona in PERSONAS)


@pytest.mark.parametrize("persona, action", MATRIX, ids=[f"{p}-{a}" for p, a in MATRIX])
def test_each_persona_gets_the_expected_answer_and_refusals_change_nothing(
    client, scene, persona, action
):
    log_in(client, scene.world, persona)
    before = snapshot()

    response = ACTIONS[action].perform(client, scene)
    body = body_of(response)

    expected = EXPECTED[persona][action]
    assert response.status_code == expected
    if expected == 302:
        assert snapshot() != before, "an accepted request should have changed something"
    else:
        assert snapshot() == before
    if persona in CANNOT_SEE_TASK_A or expected in (403, 404):
        assert TASK_A_TEXT.encode() not in body


@pytest.mark.parametrize("action", list(ACTIONS))
def test_an_anonymous_visitor_gets_403_with_a_login_link_and_no_data(client, scene, action):
    response = ACTIONS[action].perform(client, scene)

    assert response.status_code == 403
    page = response.content.decode()
    assert TASK_A_TEXT not in page
    assert "四月草稿" not in page
    assert f'{reverse("accounts:login")}?next={ACTIONS[action].url(scene)}' in page


@pytest.mark.parametrize("persona", ["other_unit", "city_supervisor"])
@pytest.mark.parametrize("action", TASK_A_ACTIONS)
def test_an_outsider_is_told_task_a_does_not_exist(client, scene, persona, action):
    log_in(client, scene.world, persona)

    response = ACTIONS[action].perform(client, scene)

    assert response.status_code == 404
    page = response.content.decode()
    assert TASK_A_TEXT not in page
    assert "市民政局" not in page
    assert "四月草稿" not in page


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", POST_ONLY)
def test_a_get_on_a_post_only_url_answers_405(client, scene, persona, action):
    log_in(client, scene.world, persona)
    before = snapshot()

    response = client.get(ACTIONS[action].url(scene))

    assert response.status_code == 405
    assert snapshot() == before


@pytest.mark.parametrize(
    "persona, sees, does_not_see",
    [
        ("supervisor", [TASK_A_TEXT, TASK_B_TEXT], []),
        ("lead", [TASK_A_TEXT], [TASK_B_TEXT]),
        ("co_unit", [TASK_A_TEXT], [TASK_B_TEXT]),
        ("other_unit", [TASK_B_TEXT], [TASK_A_TEXT]),
        ("city_supervisor", [], [TASK_A_TEXT, TASK_B_TEXT]),
    ],
)
def test_the_home_page_lists_only_the_tasks_a_persona_may_open(
    client, scene, persona, sees, does_not_see
):
    log_in(client, scene.world, persona)

    page = client.get(reverse("progress:home")).content.decode()

    for text in sees:
        assert text in page
    for text in does_not_see:
        assert text not in page


# -- the co-unit -----------------------------------------------------------------------------


def test_the_co_unit_reads_the_task_and_the_report_but_gets_no_form_to_file(client, scene):
    client.force_login(scene.world.co_unit)

    task_page = client.get(reverse("progress:task", args=[scene.world.task_a.pk]))
    report_page = client.get(report_url(scene))

    assert task_page.status_code == report_page.status_code == 200
    assert TASK_A_TEXT in task_page.content.decode()
    assert "四月草稿" in report_page.content.decode()
    assert not report_page.context["editable"]


def test_the_co_unit_cannot_file_the_report_and_the_draft_is_untouched(client, scene):
    client.force_login(scene.world.co_unit)

    response = client.post(
        report_url(scene), report_post(version=scene.draft.version, narrative="财政局改写。")
    )

    assert response.status_code == 403
    draft = Report.objects.get(pk=scene.draft.pk)
    assert (draft.narrative, draft.version) == ("四月草稿。", scene.draft.version)


def test_the_co_unit_adds_its_contribution_to_the_lead_units_report(client, scene):
    client.force_login(scene.world.co_unit)

    response = client.post(
        reverse("progress:contribute", args=[scene.draft.pk]),
        {"text": "市财政局已拨付补贴资金500万元。"},
    )

    assert response.status_code == 302
    contribution = Contribution.objects.get(report=scene.draft)
    assert contribution.unit == scene.world.finance
    assert contribution.author == scene.world.co_unit
    assert contribution.text == "市财政局已拨付补贴资金500万元。"
    assert TaskEvent.objects.filter(kind=EventKind.CONTRIBUTED, actor=scene.world.co_unit).exists()


def test_the_co_unit_attaches_a_photo_that_the_office_can_then_open(client, scene):
    client.force_login(scene.world.co_unit)
    photo = png_bytes()

    response = client.post(
        reverse("progress:attach", args=[scene.draft.pk]),
        {"file": SimpleUploadedFile("现场.png", photo, "image/png")},
    )

    assert response.status_code == 302
    attachment = Attachment.objects.get(report=scene.draft, original_name="现场.png")
    assert attachment.uploaded_by == scene.world.co_unit
    client.force_login(scene.world.supervisor)
    download = client.get(reverse("progress:attachment", args=[attachment.pk]))
    assert download.status_code == 200
    assert body_of(download) == photo


def test_the_co_unit_can_neither_review_nor_decide_nor_apply_for_a_change(client, scene):
    client.force_login(scene.world.co_unit)
    before = snapshot()

    answers = [
        client.post(reverse("progress:review", args=[scene.submitted.pk]), {"decision": "approve"}),
        client.post(reverse("progress:change_decide", args=[scene.change.pk]), {"decision": "grant"}),
        client.get(reverse("progress:change_new", args=[scene.world.task_a.pk])),
    ]

    assert [a.status_code for a in answers] == [403, 403, 403]
    assert snapshot() == before


# -- the lead unit ---------------------------------------------------------------------------


def test_the_lead_unit_saves_its_draft_and_then_submits_it(client, scene):
    world = scene.world
    client.force_login(world.lead)

    saved = client.post(
        report_url(scene), report_post(version=scene.draft.version, narrative="四月新增就业400人。")
    )
    assert saved.status_code == 302
    draft = Report.objects.get(pk=scene.draft.pk)
    assert draft.narrative == "四月新增就业400人。"
    assert draft.state == ReportState.DRAFT

    lines = {world.march: {"state": "done", "done_on": "2024-04-10"}, world.june: {"state": "on_track"}}
    submitted = client.post(
        report_url(scene), report_post(lines, version=draft.version, submit=True)
    )
    assert submitted.status_code == 302
    assert Report.objects.get(pk=draft.pk).state == ReportState.SUBMITTED


def test_the_lead_unit_applies_for_an_extension(client, scene):
    client.force_login(scene.world.lead)

    response = ACTIONS["change application"].perform(client, scene)

    assert response.status_code == 302
    change = ChangeRequest.objects.get(milestone=scene.world.march)
    assert change.state == ChangeState.PENDING
    assert change.proposed_due == datetime.date(2024, 4, 30)
    assert change.requested_by == scene.world.lead


def test_the_lead_unit_cannot_review_its_own_report(client, scene):
    client.force_login(scene.world.lead)

    response = client.post(
        reverse("progress:review", args=[scene.submitted.pk]), {"decision": "approve"}
    )

    assert response.status_code == 403
    assert Report.objects.get(pk=scene.submitted.pk).state == ReportState.SUBMITTED
    assert not ProgressRecord.objects.exists()


def test_the_lead_unit_cannot_grant_its_own_extension(client, scene):
    client.force_login(scene.world.lead)

    response = client.post(
        reverse("progress:change_decide", args=[scene.change.pk]), {"decision": "grant"}
    )

    assert response.status_code == 403
    assert ChangeRequest.objects.get(pk=scene.change.pk).state == ChangeState.PENDING
    assert Milestone.objects.get(pk=scene.world.june.pk).due == datetime.date(2024, 6, 30)


def test_the_lead_unit_cannot_post_a_contribution_meant_for_co_units(client, scene):
    client.force_login(scene.world.lead)
    events = TaskEvent.objects.count()

    response = client.post(
        reverse("progress:contribute", args=[scene.draft.pk]), {"text": "牵头单位自己补充。"}
    )

    assert response.status_code == 403
    assert not Contribution.objects.exists()
    assert TaskEvent.objects.count() == events


# -- the supervision office ------------------------------------------------------------------


def test_the_office_approves_a_submitted_report(client, scene):
    client.force_login(scene.world.supervisor)

    response = client.post(
        reverse("progress:review", args=[scene.submitted.pk]),
        {"decision": "approve", "comment": "同意。"},
    )

    assert response.status_code == 302
    report = Report.objects.get(pk=scene.submitted.pk)
    assert report.state == ReportState.APPROVED
    assert report.reviewed_by == scene.world.supervisor
    assert ProgressRecord.objects.filter(report=report).exists()


def test_the_office_grants_an_extension_and_the_milestone_moves(client, scene):
    client.force_login(scene.world.supervisor)

    response = client.post(
        reverse("progress:change_decide", args=[scene.change.pk]), {"decision": "grant"}
    )

    assert response.status_code == 302
    assert ChangeRequest.objects.get(pk=scene.change.pk).state == ChangeState.GRANTED
    june = Milestone.objects.get(pk=scene.world.june.pk)
    assert (june.due, june.original_due) == (datetime.date(2024, 7, 31), datetime.date(2024, 6, 30))


def test_the_office_reads_the_report_but_cannot_file_it(client, scene):
    client.force_login(scene.world.supervisor)

    page = client.get(report_url(scene))
    response = client.post(
        report_url(scene), report_post(version=scene.draft.version, narrative="督查室代填。")
    )

    assert page.status_code == 200
    assert "四月草稿" in page.content.decode()
    assert response.status_code == 403
    assert Report.objects.get(pk=scene.draft.pk).narrative == "四月草稿。"


# -- Task.objects.visible_to -----------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("anonymous", set()),
        ("supervisor", {"task_a", "task_b"}),
        ("city_supervisor", set()),
        ("lead", {"task_a"}),
        ("co_unit", {"task_a"}),
        ("other_unit", {"task_b"}),
    ],
)
def test_visible_to_returns_exactly_the_tasks_of_a_persona(world, persona, expected):
    visible = Task.objects.visible_to(user_of(world, persona))

    assert set(visible.distinct()) == {getattr(world, name) for name in expected}


def test_a_deactivated_reporter_sees_nothing(client, world):
    world.lead.is_active = False
    world.lead.save(update_fields=["is_active"])

    assert not Task.objects.visible_to(world.lead).exists()

    client.force_login(world.lead)
    response = client.get(reverse("progress:task", args=[world.task_a.pk]))
    assert response.status_code == 403
    assert TASK_A_TEXT not in response.content.decode()
