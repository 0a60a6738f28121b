"""Who may do what: every URL of the project, every persona, and the database after.

Task A (新增就业6000人以上) is led by 市民政局 with 市财政局 as co-unit; task B belongs to 市教育局;
both are in 开平's unpublished 2024 program. The scene holds a submitted March report, an April
draft with a photo attached, a pending extension of the June milestone, a notice on task A and
江门's own unpublished 2021 program. 江门's office (city_supervisor) reads 开平's program, which
lies below it, but reviews, publishes and opens accounts only in 江门. Forbidden requests must
answer without changing anything. The rules are in accounts/scope.py; the admin's part is in
accounts/admin_site.py and is tried page by page at the end of this file.
"""

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

import pytest
import time_machine
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import translation
from PIL import Image

from cycle.models import (
    BallotCode,
    Call,
    Candidate,
    CitizenRating,
    Evaluation,
    EvaluationCode,
    Proposal,
    VoteSession,
)
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
from projects.choices import TaskStatus
from projects.models import Category, Milestone, Program, Task
from supervision.choices import NoticeKind
from supervision.models import Bulletin, SupervisionNotice
from tests.conftest import seed_bytes

from .conftest import PASSWORD, report_post

pytestmark = pytest.mark.django_db

APRIL_15 = "2024-04-15 10:00 +0800"
MARCH = Period(2024, 3)
APRIL = Period(2024, 4)
TASK_A_TEXT = "新增就业6000人以上"
TASK_B_TEXT = "新建幼儿园3所"
JIANGMEN_TEXT = "江门市尚未公开的民生实事"
NOBODYS_UPLOAD = "00000000-0000-4000-8000-000000000000"
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
    notice = SupervisionNotice.objects.create(
        jurisdiction=world.kaiping,
        task=world.task_a,
        unit=world.civil,
        kind=NoticeKind.ASSIGNMENT,
        number="开府督〔2024〕1号",
        issued_on=datetime.date(2024, 4, 10),
        reply_due=datetime.date(2024, 4, 30),
        content="请按期完成新增就业目标。",
        created_by=world.supervisor,
    )
    bulletin = Bulletin.objects.create(
        jurisdiction=world.kaiping, year=2024, number=1, period="2024-03",
        title="关于2024年3月开平市民生实事推进情况的通报", headline="总体平稳。",
        created_by=world.supervisor,
    )
    jiangmen_program = Program.objects.create(
        jurisdiction=world.jiangmen, year=2021, title="2021年江门市十件民生实事"
    )
    jiangmen_category = Category.objects.create(program=jiangmen_program, number=1, name="就业")
    Task.objects.create(
        program=jiangmen_program, category=jiangmen_category, number="1", content=JIANGMEN_TEXT
    )
    return SimpleNamespace(
        world=world,
        submitted=submitted,
        draft=draft,
        attachment=attachment,
        change=change,
        notice=notice,
        bulletin=bulletin,
        jiangmen_program=jiangmen_program,
        cycle=cycle_of(world),
    )


def cycle_of(world):
    """开平's 2027 consultation, as in tests/cycle/test_permissions.py: a call whose proposal
    went to 市民政局 (the lead unit) for its opinion, a counted open vote, a confirmed one whose
    program is published with its one item completed, and that program's open evaluation."""
    kaiping = world.kaiping
    call = Call.objects.create(
        jurisdiction=kaiping,
        year=2027,
        title="开平市2027年民生实事项目征集",
        opens_on=datetime.date(2020, 1, 1),
        closes_on=datetime.date(2099, 12, 31),
    )
    proposal = Proposal.submit(
        call, field="education", title="学校门口增设红绿灯", content="增设红绿灯。",
        beneficiaries="小学生", name="陈小姐", phone="13800001111",
    )
    proposal.forward(world.civil)
    candidates = [
        Candidate.objects.create(
            jurisdiction=kaiping, year=2027, number=n, field="education",
            title=f"候选项目{n}", content=f"建设内容{n}", lead_unit=world.education,
        )
        for n in (1, 2, 3)
    ]
    session = VoteSession.objects.create(
        jurisdiction=kaiping, year=2027, title="票决", places=2, deputies=10, present=9
    )
    session.candidates.set(candidates)
    for candidate in candidates[1:]:  # counted, waiting for the office to confirm
        session.tallies.create(candidate=candidate, votes_for=8)
    confirmed = VoteSession.objects.create(
        jurisdiction=kaiping, year=2027, title="第一轮", places=1, deputies=10, present=10
    )
    confirmed.candidates.set(candidates)
    confirmed.tallies.create(candidate=candidates[0], votes_for=9)
    program = confirmed.confirm()
    program.publish()
    task = program.tasks.get()
    task.status = TaskStatus.COMPLETED
    task.save()
    evaluation = Evaluation.objects.create(program=program, deputies=10)
    return SimpleNamespace(
        call=call, proposal=proposal, candidate=candidates[0], session=session,
        program=program, task=task, evaluation=evaluation,
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
        "programs": sorted(Program.objects.values_list("pk", "is_published")),
        "tasks": Task.objects.count(),
        "notices": SupervisionNotice.objects.count(),
        "proposals": sorted(Proposal.objects.values_list("pk", "state", "unit_opinion")),
        "candidates": Candidate.objects.count(),
        "sessions": sorted(VoteSession.objects.values_list("pk", "state")),
        "evaluations": sorted(Evaluation.objects.values_list("pk", "state")),
        "codes": BallotCode.objects.count() + EvaluationCode.objects.count(),
        "ratings": CitizenRating.objects.count(),
        "bulletins": sorted(
            Bulletin.objects.values_list("pk", "title", "issued_on", "is_published")
        ),
    }


# -- the URLs of progress/urls.py -----------------------------------------------------------


@dataclass(frozen=True)
class Action:
    name: str
    method: str
    url: Callable
    data: Callable = field(default=lambda s: {})
    of_task_a: bool = True
    writes: bool = False  # accepted, it must have changed something
    accepted: int = 302  # the answer that means "done"

    def perform(self, client, s):
        url = self.url(s)
        if self.method == "GET":
            return client.get(url)
        return client.post(url, self.data(s))


def report_url(s, period=APRIL):
    return reverse("progress:report", kwargs={"pk": s.world.task_a.pk, "period": period.key})


def seed_upload(s):
    return {"file": SimpleUploadedFile("plan.txt", seed_bytes("004")), "jurisdiction": "440783"}


def importer_url(name):
    return lambda s: reverse(f"importers:{name}", args=[NOBODYS_UPLOAD])


def program_download(program, fmt):
    return lambda s: reverse("importers:download", args=[program(s).pk, fmt])


def kaiping_program(s):
    return s.world.program


def jiangmen_program(s):
    return s.jiangmen_program


WORKBENCH = [
    Action("home", "GET", lambda s: reverse("progress:home"), of_task_a=False),
    Action("task page", "GET", lambda s: reverse("progress:task", args=[s.world.task_a.pk])),
    Action("report page", "GET", report_url),
    Action(
        "report form",
        "POST",
        report_url,
        lambda s: report_post(version=s.draft.version, narrative="四月改过的进展。"),
        writes=True,
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
        writes=True,
    ),
    Action(
        "review",
        "POST",
        lambda s: reverse("progress:review", args=[s.submitted.pk]),
        lambda s: {"decision": "approve", "comment": "同意。"},
        writes=True,
    ),
    Action(
        "contribution",
        "POST",
        lambda s: reverse("progress:contribute", args=[s.draft.pk]),
        lambda s: {"text": "市财政局已拨付补贴资金500万元。"},
        writes=True,
    ),
    Action(
        "upload",
        "POST",
        lambda s: reverse("progress:attach", args=[s.draft.pk]),
        lambda s: {"file": SimpleUploadedFile("site.png", png_bytes(), "image/png")},
        writes=True,
    ),
    Action("download", "GET", lambda s: reverse("progress:attachment", args=[s.attachment.pk])),
    Action(
        "photo publication",
        "POST",
        lambda s: reverse("progress:attachment_publish", args=[s.attachment.pk]),
        lambda s: {"public": "1"},
        writes=True,
    ),
    # The lead unit's photo on the April draft: the lead removes it, a co-unit only its own.
    Action(
        "evidence removal",
        "POST",
        lambda s: reverse("progress:attachment_remove", args=[s.attachment.pk]),
        writes=True,
    ),
    Action(
        "change decision",
        "POST",
        lambda s: reverse("progress:change_decide", args=[s.change.pk]),
        lambda s: {"decision": "grant", "comment": ""},
        writes=True,
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
        writes=True,
    ),
]
OFFICE = [
    Action("dashboard", "GET", lambda s: reverse("supervision:dashboard"), of_task_a=False),
    Action("dashboard export", "GET", lambda s: reverse("supervision:export"), of_task_a=False),
    Action(
        "reminder",
        "POST",
        lambda s: reverse("supervision:remind", args=[s.world.task_a.pk]),
        writes=True,
    ),
    Action("notice form", "GET", lambda s: reverse("supervision:notice_new", args=[s.world.task_a.pk])),
    Action("notice download", "GET", lambda s: reverse("supervision:notice_docx", args=[s.notice.pk])),
    Action(
        "program publication",
        "POST",
        lambda s: reverse("supervision:publish", args=[s.world.program.pk]),
        lambda s: {"publish": "1"},
        of_task_a=False,
        writes=True,
    ),
    Action(
        "bulk reminder",
        "POST",
        lambda s: reverse("supervision:bulk_remind"),
        lambda s: {"tasks": [s.world.task_a.pk], "next": "/office/"},
        writes=True,
    ),
    Action(
        "reporting matrix",
        "GET",
        lambda s: reverse("supervision:reporting", args=[s.world.program.pk]),
        of_task_a=False,
    ),
    Action(
        "bulletin archive",
        "GET",
        lambda s: reverse("supervision:bulletins", args=[s.world.program.pk]),
        of_task_a=False,
    ),
    Action(
        "bulletin drafting",
        "POST",
        lambda s: reverse("supervision:bulletins", args=[s.world.program.pk]),
        lambda s: {"month": "2024-03"},
        of_task_a=False,
        writes=True,
    ),
    Action(
        "bulletin page",
        "GET",
        lambda s: reverse("supervision:bulletin", args=[s.bulletin.pk]),
        of_task_a=False,
    ),
    Action(
        "bulletin edit",
        "POST",
        lambda s: reverse("supervision:bulletin", args=[s.bulletin.pk]),
        lambda s: {"action": "save", "title": "三月通报（修改）", "headline": "总体平稳。"},
        of_task_a=False,
        writes=True,
    ),
    Action(
        "bulletin download",
        "GET",
        lambda s: reverse("supervision:bulletin_docx", args=[s.bulletin.pk]),
        of_task_a=False,
    ),
]
IMPORTS = [
    Action("import form", "GET", lambda s: reverse("importers:upload"), of_task_a=False),
    Action("import upload", "POST", lambda s: reverse("importers:upload"), seed_upload, of_task_a=False),
    Action("import preview", "GET", importer_url("preview"), of_task_a=False),
    Action("import confirm", "POST", importer_url("confirm"), of_task_a=False),
    Action("import cancel", "POST", importer_url("cancel"), of_task_a=False),
    Action("import result", "GET", importer_url("result"), of_task_a=False),
    Action(
        "import register jurisdiction",
        "POST",
        lambda s: reverse("importers:register_jurisdiction"),
        lambda s: {"code": "440106"},
        of_task_a=False,
    ),
    Action("开平 program as xlsx", "GET", program_download(kaiping_program, "xlsx"), of_task_a=False),
    Action("江门 program as json", "GET", program_download(jiangmen_program, "json"), of_task_a=False),
    Action("江门 program as xlsx", "GET", program_download(jiangmen_program, "xlsx"), of_task_a=False),
    Action("江门 program as docx", "GET", program_download(jiangmen_program, "docx"), of_task_a=False),
]
# The public site and the API start from published programs: 开平 2024 is not published.
PUBLIC = [
    Action("public home", "GET", lambda s: reverse("projects:home"), of_task_a=False),
    Action("public search", "GET", lambda s: reverse("portal:search") + "?q=就业", of_task_a=False),
    Action(
        "public program",
        "GET",
        lambda s: reverse("portal:program", args=["440783", 2024]),
        of_task_a=False,
    ),
    Action(
        "public download",
        "GET",
        lambda s: reverse("portal:download", args=["440783", 2024, "xlsx"]),
        of_task_a=False,
    ),
    Action(
        "public task",
        "GET",
        lambda s: reverse("portal:task", args=["440783", 2024, "1"]),
        of_task_a=False,
    ),
    Action("public photo", "GET", lambda s: reverse("portal:photo", args=[s.attachment.pk]), of_task_a=False),
    Action(
        "public qr code",
        "GET",
        lambda s: reverse("portal:task_qr", args=["440783", 2024, "1"]),
        of_task_a=False,
    ),
    Action("public updates", "GET", lambda s: reverse("portal:updates"), of_task_a=False),
    Action("public feed", "GET", lambda s: reverse("portal:updates_feed"), of_task_a=False),
    Action("sitemap", "GET", lambda s: reverse("sitemap"), of_task_a=False),
    Action("robots", "GET", lambda s: reverse("robots"), of_task_a=False),
    Action("public bulletins", "GET", lambda s: reverse("bulletins:list"), of_task_a=False),
    # The scene's bulletin is a draft: not on the public site.
    Action(
        "public bulletin",
        "GET",
        lambda s: reverse("bulletins:docx", args=[s.bulletin.pk]),
        of_task_a=False,
    ),
    Action("api root", "GET", lambda s: reverse("api:root"), of_task_a=False),
    Action("api programs", "GET", lambda s: reverse("api:programs"), of_task_a=False),
    Action(
        "api program",
        "GET",
        lambda s: reverse("api:program", args=["440783", 2024]),
        of_task_a=False,
    ),
    Action("api tasks", "GET", lambda s: reverse("api:tasks"), of_task_a=False),
    Action("api schema", "GET", lambda s: reverse("api:schema"), of_task_a=False),
    Action("api docs", "GET", lambda s: reverse("api:docs"), of_task_a=False),
    Action("health check", "GET", lambda s: reverse("healthz"), of_task_a=False),
    Action(
        "language switch",
        "POST",
        lambda s: reverse("set_language"),
        lambda s: {"language": "zh-hans", "next": "/"},
        of_task_a=False,
    ),
]
LOGIN = [
    Action("login page", "GET", lambda s: reverse("accounts:login"), of_task_a=False),
    Action("password change", "GET", lambda s: reverse("accounts:password_change"), of_task_a=False),
    Action("logout", "POST", lambda s: reverse("accounts:logout"), of_task_a=False),
]


def cycle_url(name, of=None):
    return lambda s: reverse(f"cycle:{name}", args=[] if of is None else of(s))


def cycle_action(name, method="GET", of=None, data=None, **options):
    return Action(
        f"cycle {name}", method, cycle_url(name, of), data or (lambda s: {}), of_task_a=False,
        **options,
    )


CALL = lambda s: [s.cycle.call.pk]  # noqa: E731
SESSION = lambda s: [s.cycle.session.pk]  # noqa: E731
EVALUATION = lambda s: [s.cycle.evaluation.pk]  # noqa: E731
KAIPING_2027 = lambda s: ["440783", 2027]  # noqa: E731
CODES = lambda s: {"count": 2}  # noqa: E731
# The consultation (cycle/urls.py). Another county's office and the administrator, which the
# grid has no persona for, are tried in tests/cycle/test_permissions.py.
CYCLE = [
    cycle_action("office"),
    cycle_action("call_new"),
    cycle_action("call", of=CALL),
    cycle_action("call_export", of=CALL),
    cycle_action(
        "triage",
        "POST",
        of=lambda s: [s.cycle.proposal.pk],
        data=lambda s: {f"p{s.cycle.proposal.pk}-action": "accept"},
        writes=True,
    ),
    cycle_action("candidate_new", of=lambda s: ["440783"]),
    cycle_action("candidates", of=KAIPING_2027),
    cycle_action("candidates_docx", of=KAIPING_2027),
    cycle_action("candidate_edit", of=lambda s: [s.cycle.candidate.pk]),
    cycle_action("session_new"),
    cycle_action("session", of=SESSION),
    cycle_action("session_codes", "POST", of=SESSION, data=CODES, writes=True, accepted=200),
    cycle_action("session_tally", of=SESSION),
    cycle_action("session_confirm", "POST", of=SESSION, writes=True),
    cycle_action("evaluation_new", of=lambda s: [s.cycle.program.pk]),
    cycle_action("evaluation", of=EVALUATION),
    cycle_action("evaluation_codes", "POST", of=EVALUATION, data=CODES, writes=True, accepted=200),
    cycle_action("evaluation_tally", of=EVALUATION),
    cycle_action("evaluation_publish", "POST", of=EVALUATION, writes=True),
    cycle_action("opinions"),
    cycle_action(
        "opinion",
        "POST",
        of=lambda s: [s.cycle.proposal.pk],
        data=lambda s: {f"p{s.cycle.proposal.pk}-opinion": "可行"},
        writes=True,
    ),
    cycle_action("ballot", of=SESSION),
    cycle_action("evaluation_ballot", of=EVALUATION),
    cycle_action("lookup"),
    cycle_action("call_public", of=KAIPING_2027),
    cycle_action("proposals", of=KAIPING_2027),
    cycle_action("vote", of=KAIPING_2027),
    cycle_action("evaluation_public", of=KAIPING_2027),
    cycle_action(
        "rate",
        "POST",
        of=lambda s: ["440783", 2027, s.cycle.task.number],
        data=lambda s: {"rating": "satisfied"},
        writes=True,
    ),
]
CYCLE_PUBLIC = {
    "cycle ballot": 200,
    "cycle evaluation_ballot": 200,
    "cycle lookup": 200,
    "cycle call_public": 200,
    "cycle proposals": 200,
    "cycle vote": 200,
    "cycle evaluation_public": 200,
    "cycle rate": 302,
}
CYCLE_READS = ["office", "call", "call_export", "candidates", "candidates_docx", "session", "evaluation"]
CYCLE_ACTS = [
    "candidate_new",
    "candidate_edit",
    "session_tally",
    "evaluation_tally",
    "session_codes",
    "evaluation_codes",
    "triage",
    "session_confirm",
    "evaluation_publish",
    "evaluation_new",
]
CYCLE_REFUSED = {a.name: 403 for a in CYCLE} | CYCLE_PUBLIC
# Units see their forwarded proposals; only the unit a proposal went to may answer it.
CYCLE_UNIT = CYCLE_REFUSED | {"cycle opinions": 200, "cycle opinion": 404}
# 江门's office reads 开平's consultation and runs its own calls and votes, none of 开平's.
CYCLE_CITY_OFFICE = (
    CYCLE_REFUSED
    | {f"cycle {name}": 200 for name in ["call_new", "session_new", *CYCLE_READS]}
    | {"cycle opinion": 404}
)
CYCLE_OWN_OFFICE = (
    CYCLE_CITY_OFFICE
    | {f"cycle {name}": 200 for name in CYCLE_ACTS}
    | {
        "cycle triage": 302,
        "cycle session_confirm": 302,
        "cycle evaluation_publish": 302,
        "cycle evaluation_new": 302,  # the evaluation is already open: to its page
    }
)
ACTIONS = {a.name: a for a in [*WORKBENCH, *OFFICE, *IMPORTS, *PUBLIC, *LOGIN, *CYCLE]}
TASK_A_ACTIONS = [name for name, a in ACTIONS.items() if a.of_task_a]
POST_ONLY = [
    "review",
    "contribution",
    "upload",
    "change decision",
    "photo publication",
    "evidence removal",
    "reminder",
    "program publication",
    *[a.name for a in CYCLE if a.method == "POST"],
    "bulk reminder",
]
PUBLIC_ANSWERS = {
    "public home": 200,
    "public search": 200,
    "public program": 404,
    "public download": 404,
    "public task": 404,
    "public photo": 404,
    "public qr code": 404,
    "public updates": 200,
    "public feed": 200,
    "sitemap": 200,
    "robots": 200,
    "public bulletins": 200,
    "public bulletin": 404,
    "api root": 200,
    "api programs": 200,
    "api program": 404,
    "api tasks": 200,
    "api schema": 200,
    "api docs": 200,
    "health check": 200,
    "language switch": 302,
}
LOGGED_IN = {"login page": 302, "password change": 200, "logout": 302}
# The import pages and program downloads sit behind the admin login: non-staff are sent to it.
NOT_STAFF = {a.name: 302 for a in IMPORTS}
# Offices have no `projects.add_program`: no import pages (an office that has it imports into
# its own jurisdiction only, see tests/importers/test_upload_scope.py).
OFFICE_IMPORTS = {a.name: 403 for a in IMPORTS if a.name.startswith("import")}
UNIT_OFFICE_PAGES = {
    "dashboard": 403,
    "dashboard export": 403,
    "program publication": 403,
    "reporting matrix": 403,
    "bulletin archive": 403,
    "bulletin drafting": 403,
    "bulletin page": 403,
    "bulletin edit": 403,
    "bulletin download": 403,
}

OUTSIDER = (
    {name: 404 for name in TASK_A_ACTIONS}
    | {"home": 200, "accounts page": 403, "account opening": 403}
    | UNIT_OFFICE_PAGES
    | NOT_STAFF
    | PUBLIC_ANSWERS
    | LOGGED_IN
    | CYCLE_UNIT
)
EXPECTED = {
    "anonymous": {a.name: 403 for a in [*WORKBENCH, *OFFICE]}
    | NOT_STAFF
    | PUBLIC_ANSWERS
    | {"login page": 200, "password change": 302, "logout": 302}
    | CYCLE_REFUSED,
    "other_unit": OUTSIDER,
    # 江门's office reads 开平's tasks, reports, notices and program (开平 lies below 江门) but
    # acts on none of them; its accounts page is its own, whose unit list lacks 开平's units
    # (the opening for 开平's 市民政局 comes back as a form error: 200, nothing created).
    "city_supervisor": {
        "home": 200,
        "task page": 200,
        "report page": 200,
        "report form": 403,
        "change form": 403,
        "change application": 403,
        "review": 403,
        "contribution": 403,
        "upload": 403,
        "download": 200,
        "photo publication": 403,
        "evidence removal": 403,
        "change decision": 403,
        "accounts page": 200,
        "account opening": 200,
        "dashboard": 200,
        "dashboard export": 200,
        # 开平 has not let the office above act (parent_office_may_act is off).
        "reminder": 403,
        "notice form": 403,
        "notice download": 200,
        "program publication": 403,
        "bulk reminder": 403,
        # It reads 开平's reporting and bulletins, but drafts and edits only its own.
        "reporting matrix": 200,
        "bulletin archive": 200,
        "bulletin drafting": 403,
        "bulletin page": 200,
        "bulletin edit": 403,
        "bulletin download": 200,
        "开平 program as xlsx": 200,
        "江门 program as json": 200,
        "江门 program as xlsx": 200,
        "江门 program as docx": 200,
    }
    | OFFICE_IMPORTS
    | PUBLIC_ANSWERS
    | LOGGED_IN
    | CYCLE_CITY_OFFICE,
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
        "evidence removal": 302,
        "change decision": 403,
        "accounts page": 403,
        "account opening": 403,
        "reminder": 403,
        "bulk reminder": 403,
        "notice form": 403,
        "notice download": 200,
    }
    | UNIT_OFFICE_PAGES
    | NOT_STAFF
    | PUBLIC_ANSWERS
    | LOGGED_IN
    | CYCLE_UNIT
    | {"cycle opinion": 302},
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
        "evidence removal": 403,
        "change decision": 403,
        "accounts page": 403,
        "account opening": 403,
        "reminder": 403,
        "bulk reminder": 403,
        "notice form": 403,
        "notice download": 200,
    }
    | UNIT_OFFICE_PAGES
    | NOT_STAFF
    | PUBLIC_ANSWERS
    | LOGGED_IN
    | CYCLE_UNIT,
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
        "evidence removal": 403,
        "change decision": 302,
        "accounts page": 200,
        "account opening": 302,
        "dashboard": 200,
        "dashboard export": 200,
        "reminder": 302,
        "notice form": 200,
        "notice download": 200,
        "program publication": 302,
        "bulk reminder": 302,
        "reporting matrix": 200,
        "bulletin archive": 200,
        "bulletin drafting": 302,
        "bulletin page": 200,
        "bulletin edit": 302,
        "bulletin download": 200,
        "开平 program as xlsx": 200,
        # The issue: 开平's office downloaded 江门's unpublished program by its (sequential) id.
        "江门 program as json": 404,
        "江门 program as xlsx": 404,
        "江门 program as docx": 404,
    }
    | OFFICE_IMPORTS
    | PUBLIC_ANSWERS
    | LOGGED_IN
    | CYCLE_OWN_OFFICE,
}
CANNOT_SEE_TASK_A = {"anonymous", "other_unit"}
MATRIX = [(persona, name) for persona in PERSONAS for name in ACTIONS]


def url_names(patterns=None, namespace="") -> set[str]:
    """Every named URL of the project, with its namespace ("progress:home")."""
    names = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


def test_the_matrix_covers_every_url_of_the_project(scene):
    covered = {(resolve(a.url(scene).split("?")[0]).view_name, a.method) for a in ACTIONS.values()}
    admin_covered = {resolve(url.split("?")[0]).view_name for url in admin_urls(scene).values()}

    names = {name for name, _method in covered}
    assert names | admin_covered == url_names(), "a URL of the project is missing from the grid"
    assert not names & admin_covered
    assert {("progress:report", "GET"), ("progress:report", "POST")} <= covered
    assert {("progress:change_new", "GET"), ("progress:change_new", "POST")} <= covered
    assert {("progress:accounts", "GET"), ("progress:accounts", "POST")} <= covered
    assert {("importers:upload", "GET"), ("importers:upload", "POST")} <= covered
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
    if expected == ACTIONS[action].accepted and ACTIONS[action].writes:
        assert snapshot() != before, "an accepted request should have changed something"
    else:
        assert snapshot() == before
    if persona in CANNOT_SEE_TASK_A or expected in (403, 404) or ACTIONS[action] in PUBLIC:
        assert TASK_A_TEXT.encode() not in body
    if persona != "city_supervisor" or ACTIONS[action] in PUBLIC:
        assert JIANGMEN_TEXT.encode() not in body


@pytest.mark.parametrize("action", [a.name for a in [*WORKBENCH, *OFFICE]])
def test_an_anonymous_visitor_gets_403_with_a_login_link_and_no_data(client, scene, action):
    response = ACTIONS[action].perform(client, scene)

    assert response.status_code == 403
    page = response.content.decode()
    assert TASK_A_TEXT not in page
    assert "四月草稿" not in page
    assert f'{reverse("accounts:login")}?next={ACTIONS[action].url(scene)}' in page


@pytest.mark.parametrize("action", TASK_A_ACTIONS)
def test_an_outsider_is_told_task_a_does_not_exist(client, scene, action):
    log_in(client, scene.world, "other_unit")

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
        ("city_supervisor", [TASK_A_TEXT, TASK_B_TEXT], []),
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
        ("city_supervisor", {"task_a", "task_b"}),
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


# -- the admin: every registered model's pages, every persona ---------------------------------

AXES_ROW = {
    "user_agent": "pytest",
    "ip_address": "127.0.0.1",
    "username": "someone",
    "http_accept": "*/*",
    "path_info": "/accounts/login/",
}


def admin_objects(s) -> dict:
    """One row of every model registered in the admin, all of 开平 (or nobody's)."""
    from auditlog.models import LogEntry
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group

    from progress.models import ReminderLog
    from projects.models import Leader, UnitAlias

    w = s.world
    return {
        "auth.group": Group.objects.get(name="督查室"),
        "auth.user": w.lead,
        "accounts.account": w.lead.account,
        "projects.jurisdiction": w.kaiping,
        "projects.program": w.program,
        "projects.category": w.task_a.category,
        "projects.leader": Leader.objects.create(jurisdiction=w.kaiping, name="王副市长"),
        "projects.unit": w.civil,
        "projects.unitalias": UnitAlias.objects.create(
            jurisdiction=w.kaiping, unit=w.civil, name="开平市民政局"
        ),
        "projects.task": w.task_a,
        "projects.milestone": w.march,
        "projects.taskunit": w.task_a.assignments.get(is_lead=True),
        "progress.progressrecord": ProgressRecord.objects.create(
            task=w.task_a, as_of=datetime.date(2024, 3, 31), status="in_progress", narrative="三月"
        ),
        "progress.report": s.submitted,
        "progress.changerequest": s.change,
        "progress.taskevent": TaskEvent.objects.filter(task=w.task_a).first(),
        "progress.reminderlog": ReminderLog.objects.create(
            task=w.task_a, period="2024-04", kind="due", recipients="civil@example.invalid"
        ),
        "supervision.supervisionnotice": s.notice,
        "supervision.bulletin": s.bulletin,
        "axes.accessattempt": AccessAttempt.objects.create(
            **AXES_ROW, get_data="", post_data="", failures_since_start=1
        ),
        "axes.accesslog": AccessLog.objects.create(**AXES_ROW),
        "axes.accessfailurelog": AccessFailureLog.objects.create(**AXES_ROW),
        "auditlog.logentry": LogEntry.objects.get_for_object(w.task_a).first(),
        "cycle.call": s.cycle.call,
        "cycle.proposal": s.cycle.proposal,
        "cycle.candidate": s.cycle.candidate,
        "cycle.votesession": s.cycle.session,
        "cycle.evaluation": s.cycle.evaluation,
        "cycle.citizenrating": CitizenRating.objects.create(task=s.cycle.task, rating="satisfied"),
    }


MODEL_PAGES = ["changelist", "add", "change", "history", "delete"]


def admin_urls(s) -> dict:
    """(model label or "site", page) → URL, for every page of the admin."""
    objects = admin_objects(s)
    urls = {}
    for model in admin.site._registry:
        label = model._meta.label_lower
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pk = objects[label].pk
        urls |= {
            (label, "changelist"): reverse(f"{info}_changelist"),
            (label, "add"): reverse(f"{info}_add"),
            (label, "change"): reverse(f"{info}_change", args=[pk]),
            (label, "history"): reverse(f"{info}_history", args=[pk]),
            (label, "delete"): reverse(f"{info}_delete", args=[pk]),
        }
    urls[("auth.user", "password")] = reverse("admin:auth_user_password_change", args=[s.world.lead.pk])
    urls[("projects.task", "export")] = reverse("admin:projects_task_export")
    for app_label in {model._meta.app_label for model in admin.site._registry}:
        urls[(app_label, "app index")] = reverse("admin:app_list", args=[app_label])
    program_type = get_content_type(Program)
    urls |= {
        ("site", "index"): reverse("admin:index"),
        ("site", "login"): reverse("admin:login"),
        ("site", "password change"): reverse("admin:password_change"),
        ("site", "password changed"): reverse("admin:password_change_done"),
        ("site", "jsi18n"): reverse("admin:jsi18n"),
        ("site", "view on site"): reverse(
            "admin:view_on_site", args=[program_type.pk, s.world.program.pk]
        ),
        ("site", "task autocomplete"): reverse("admin:autocomplete")
        + "?app_label=projects&model_name=milestone&field_name=task&term=",
        ("site", "logout"): reverse("admin:logout"),  # last: it ends the session
    }
    return urls


def get_content_type(model):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model)


# What the 督查室 group may read in the admin (accounts migrations 0002, 0003).
OFFICE_READS = {
    "projects.program",
    "projects.task",
    "projects.milestone",
    "progress.progressrecord",
    "progress.taskevent",
    "progress.report",
    "progress.changerequest",
    "accounts.account",
}
# Admins that declare no scope show nothing to anyone but administrators (default deny).
UNSCOPED = {
    "auth.group",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "auditlog.logentry",
    # The consultation's records: offices work on them on /cycle/office/, not in the admin.
    "cycle.call",
    "cycle.proposal",
    "cycle.candidate",
    "cycle.votesession",
    "cycle.evaluation",
    "cycle.citizenrating",
}
# The rows of admin_objects() outside an office's scope: 江门 reads 开平's plan and reports,
# but the accounts (phone numbers) and logins of 开平 are 开平's office's alone.
OUT_OF_SCOPE = {
    "supervisor": UNSCOPED,
    "city_supervisor": UNSCOPED | {"accounts.account", "auth.user"},
}
APPS_OFFICES_READ = {"projects", "progress", "accounts"}


def admin_expected(persona, label, page) -> int:
    """The answer the grid expects, written as the rules say it."""
    if persona not in OUT_OF_SCOPE:  # anonymous and unit reporters are not staff
        return 200 if (label, page) == ("site", "login") else 302
    if label == "site":
        # Programs have no page of their own to view on the site; logging out redirects.
        return {"login": 302, "view on site": 404, "logout": 302}.get(page, 200)
    if page == "app index":
        return 200 if label in APPS_OFFICES_READ else 404
    readable = label in OFFICE_READS
    if page in ("changelist", "export"):
        return 200 if readable else 403
    if page == "add":
        return 403  # offices add nothing here (accounts: on /work/accounts/)
    if label in OUT_OF_SCOPE[persona]:
        return 404
    if page in ("change", "history"):
        return 200 if readable else 403
    return 403  # delete, password: nothing an office may do


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_admin_page_answers_each_persona_as_the_scope_says(client, scene, persona):
    log_in(client, scene.world, persona)
    urls = admin_urls(scene)
    before = snapshot()

    answers = {}
    for key, url in urls.items():
        response = client.post(url) if key == ("site", "logout") else client.get(url)
        answers[key] = response.status_code
        if persona in CANNOT_SEE_TASK_A or response.status_code in (403, 404):
            assert TASK_A_TEXT.encode() not in body_of(response), key
        if persona != "city_supervisor":
            assert JIANGMEN_TEXT.encode() not in body_of(response), key

    assert answers == {key: admin_expected(persona, *key) for key in urls}
    assert snapshot() == before


def test_every_registered_model_is_in_the_admin_grid(scene):
    registered = {model._meta.label_lower for model in admin.site._registry}

    assert registered == set(admin_objects(scene))
    assert UNSCOPED | OFFICE_READS <= registered


def test_an_administrator_opens_every_admin_page(client, scene, admin_user):
    client.force_login(admin_user)

    answers = {key: client.get(url).status_code for key, url in admin_urls(scene).items()}

    # Reports, requests and history change only through the workflow; logs only by themselves.
    read_only = {
        (label, "add")
        for label in [
            "progress.report",
            "progress.changerequest",
            "progress.taskevent",
            "progress.reminderlog",
            "supervision.bulletin",  # drafted and numbered on the office's pages
            "axes.accessattempt",
            "axes.accesslog",
            "axes.accessfailurelog",
            "auditlog.logentry",
        ]
    } | {("progress.taskevent", "delete"), ("auditlog.logentry", "delete")}
    expected = (
        {key: 200 for key in answers}
        | {key: 403 for key in read_only}
        | {("site", "login"): 302, ("site", "view on site"): 404, ("site", "logout"): 405}
    )
    assert answers == expected


# -- the office of a parent jurisdiction ------------------------------------------------------


def test_the_city_office_reads_a_district_task_but_every_action_on_it_is_refused(client, scene):
    client.force_login(scene.world.city_supervisor)
    before = snapshot()

    page = client.get(reverse("progress:task", args=[scene.world.task_a.pk]))
    refusals = [
        ACTIONS[name].perform(client, scene).status_code
        for name in ["review", "change decision", "photo publication", "program publication"]
    ]

    assert page.status_code == 200
    assert TASK_A_TEXT in page.content.decode()
    assert "催办牵头单位" not in page.content.decode()  # no buttons it may not use
    assert refusals == [403, 403, 403, 403]
    assert snapshot() == before


def test_the_city_office_reminds_a_district_unit_when_the_district_allows_it(
    client, scene, mailoutbox
):
    scene.world.kaiping.parent_office_may_act = True
    scene.world.kaiping.save(update_fields=["parent_office_may_act"])
    client.force_login(scene.world.city_supervisor)

    page = client.get(reverse("progress:task", args=[scene.world.task_a.pk])).content.decode()
    response = ACTIONS["reminder"].perform(client, scene)

    assert "催办牵头单位" in page
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["civil-reporter@example.invalid"]]
    # Reviewing stays with 开平's own office.
    assert ACTIONS["review"].perform(client, scene).status_code == 403


def test_the_city_office_review_queue_holds_only_its_own_jurisdictions_reports(client, scene):
    client.force_login(scene.world.city_supervisor)

    response = client.get(reverse("progress:home"))

    assert TASK_A_TEXT in response.content.decode()  # it reads the district's tasks
    assert list(response.context["awaiting_review"]) == []
    assert list(response.context["pending_changes"]) == []
