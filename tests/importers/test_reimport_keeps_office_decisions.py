"""Re-importing a plan keeps what the office decided after the first import: granted
extensions and adjusted milestones, targets corrected in the admin, publication. The report
says what it kept and what the document would have set instead."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from importers.pipeline import import_document
from progress import workflow
from projects.models import Milestone, Program, Task
from tests.conftest import SEED_DOCUMENTS, seed_bytes

pytestmark = pytest.mark.django_db

D = datetime.date
KAIPING = "440783"


@pytest.fixture
def office(django_user_model):
    return django_user_model.objects.create_user("kp-office-test", password="x-long-password-1")


def milestone(number: str, position: int) -> Milestone:
    return Milestone.objects.get(
        task__program__jurisdiction__code=KAIPING, task__number=number, position=position
    )


def task(number: str) -> Task:
    return Task.objects.get(program__jurisdiction__code=KAIPING, number=number)


def grant(node: Milestone, user, kind="extension", due=None, text="") -> Milestone:
    request = workflow.request_change(
        node, user, kind=kind, reason="资金未到位", proposed_due=due, proposed_text=text
    )
    workflow.decide_change(request, user, grant=True, comment="同意")
    node.refresh_from_db()
    return node


def corrected_004(*replacements: tuple[str, str]) -> bytes:
    text = seed_bytes("004").decode()
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return text.encode()


def import_004(data: bytes, **kwargs):
    return import_document(data, SEED_DOCUMENTS["004"][0], KAIPING, **kwargs)


# -- granted extensions and adjustments -------------------------------------------------


# During the plan's year: a past year takes no reports after its close (rules.reporting_closes).
@time_machine.travel("2024-05-01 10:00 +0800", tick=False)
def test_reimporting_the_same_plan_keeps_a_granted_extension(import_seed, office):
    import_seed("004")
    node = grant(milestone("3", 1), office, due=D(2024, 7, 31))
    assert (node.due, node.original_due) == (D(2024, 7, 31), D(2024, 6, 30))

    report = import_seed("004")

    node.refresh_from_db()
    assert node.due == D(2024, 7, 31)
    assert node.original_due == D(2024, 6, 30)
    assert node.text == "累计实现24家定点医疗机构成功开展异地就医直接结算服务。"
    assert report.tasks_updated == []
    assert "保留（督查室决定）：第3项第2个节点的截止日期为2024-07-31，文件为2024-06-30" in (
        report.lines()
    )
    assert task("3").next_report_due == D(2024, 3, 31)  # the state follows the kept date


def test_a_corrected_plan_updates_the_node_text_but_not_the_granted_date(import_seed, office):
    import_seed("004")
    grant(milestone("3", 1), office, due=D(2024, 7, 31))
    corrected = corrected_004(("6月30日前：累计实现24家", "6月30日前：累计实现25家"))

    report = import_004(corrected)

    node = milestone("3", 1)
    assert node.due == D(2024, 7, 31)
    assert node.original_due == D(2024, 6, 30)
    assert node.text == "累计实现25家定点医疗机构成功开展异地就医直接结算服务。"
    assert report.tasks_updated == ["3"]
    kept = [line for line in report.lines() if line.startswith("保留（督查室决定）")]
    assert kept == ["保留（督查室决定）：第3项第2个节点的截止日期为2024-07-31，文件为2024-06-30"]


def test_an_adjusted_target_text_survives_and_the_report_quotes_the_document(
    import_seed, office
):
    import_seed("004")
    grant(milestone("5", 1), office, kind="adjustment", text="全市城镇累计新增就业2800人。")

    report = import_seed("004")

    node = milestone("5", 1)
    assert node.text == "全市城镇累计新增就业2800人。"
    assert node.original_text == "全市城镇累计新增就业3000人。"
    assert node.due == node.original_due == D(2024, 6, 30)
    assert (
        "保留（督查室决定）：第5项第2个节点的目标为“全市城镇累计新增就业2800人。”，"
        "文件为“全市城镇累计新增就业3000人。”"
    ) in report.lines()


def test_a_granted_node_the_corrected_plan_lacks_is_kept_and_listed(import_seed, office):
    import_seed("004")
    grant(milestone("3", 3), office, due=D(2024, 12, 20))
    corrected = corrected_004(
        (" <p>12月10日前：累计实现全市31家定点医疗机构成功开展异地就医直接结算服务。</p>", "")
    )

    report = import_004(corrected)

    assert milestone("3", 3).due == D(2024, 12, 20)
    assert "保留（督查室决定）：第3项第4个节点为“12月20日前”，文件中没有这个节点" in report.lines()
    assert report.tasks_updated == []


def test_other_nodes_still_follow_a_corrected_plan(import_seed, office):
    import_seed("004")
    grant(milestone("3", 1), office, due=D(2024, 7, 31))
    corrected = corrected_004(("9月30日前：累计实现28家", "9月15日前：累计实现28家"))

    import_004(corrected)

    assert milestone("3", 2).due == D(2024, 9, 15)
    assert milestone("3", 2).original_due is None


# -- targets ------------------------------------------------------------------------------


def test_a_target_the_office_corrected_is_kept_and_listed(import_seed):
    import_seed("004")
    Task.objects.filter(program__jurisdiction__code=KAIPING, number="3").update(
        target_value=Decimal(30), target_unit="家医院"
    )

    report = import_seed("004")

    assert (task("3").target_value, task("3").target_unit) == (Decimal(30), "家医院")
    assert "保留（督查室决定）：第3项量化目标为30家医院，文件为31家" in report.lines()


def test_a_target_the_office_cleared_stays_cleared(import_seed):
    import_seed("004")
    Task.objects.filter(program__jurisdiction__code=KAIPING, number="5").update(
        target_value=None, target_unit=""
    )

    report = import_seed("004")

    assert (task("5").target_value, task("5").target_unit) == (None, "")
    assert "保留（督查室决定）：第5项量化目标为（无），文件为6000人" in report.lines()


def test_a_corrected_plan_updates_a_target_the_office_left_alone(import_seed):
    import_seed("004")
    corrected = corrected_004(("实现全市31家定点", "实现全市32家定点"))

    report = import_004(corrected)

    assert (task("3").target_value, task("3").target_unit) == (Decimal(32), "家")
    assert report.tasks_updated == ["3"]
    assert ("3", Decimal(32), "家") in report.targets_proposed
    assert not any(line.startswith("保留（督查室决定）") for line in report.lines())


def test_a_corrected_plan_does_not_touch_a_target_the_office_corrected(import_seed):
    import_seed("004")
    Task.objects.filter(program__jurisdiction__code=KAIPING, number="3").update(
        target_value=Decimal(30), target_unit="家"
    )
    corrected = corrected_004(("实现全市31家定点", "实现全市32家定点"))

    report = import_004(corrected)

    assert task("3").target_value == Decimal(30)
    assert "保留（督查室决定）：第3项量化目标为30家，文件为32家" in report.lines()
    assert report.targets_proposed == []


# -- publication --------------------------------------------------------------------------


def test_reimporting_never_unpublishes(import_seed):
    import_seed("004")
    program = Program.objects.get(jurisdiction__code=KAIPING, year=2024)
    program.publish()
    published_at = Program.objects.get(pk=program.pk).published_at

    report = import_004(corrected_004(("实现全市31家定点", "实现全市32家定点")))

    program.refresh_from_db()
    assert program.is_published
    assert program.published_at == published_at
    assert "保留（督查室决定）：计划已公开，重新导入不会取消公开" in report.lines()


def test_a_first_import_lists_nothing_as_kept(import_seed):
    report = import_seed("004")
    assert report.kept == []
    assert not any(line.startswith("保留") for line in report.lines())


# -- the preview --------------------------------------------------------------------------


def test_the_preview_shows_what_the_office_decided_would_be_kept(
    admin_client, import_seed, office, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    import_seed("004")
    grant(milestone("3", 1), office, due=D(2024, 7, 31))
    response = admin_client.post(
        reverse("importers:upload"),
        {"file": SimpleUploadedFile("004-corrected.txt", seed_bytes("004"), "text/plain")},
    )
    assert response.status_code == 302

    body = admin_client.get(response["Location"]).content.decode()

    assert "保留（督查室决定）：第3项第2个节点的截止日期为2024-07-31，文件为2024-06-30" in body
    assert milestone("3", 1).due == D(2024, 7, 31)


def test_the_kept_lines_read_in_english_for_an_english_reader(import_seed, office):
    from django.utils import translation

    import_seed("004")
    grant(milestone("3", 1), office, due=D(2024, 7, 31))
    report = import_seed("004", dry_run=True)
    with translation.override("en"):
        lines = report.lines()
    assert (
        "Kept (office decision): item 3, the due date of milestone 2 stays 2024-07-31; "
        "the document says 2024-06-30"
    ) in lines
    Task.objects.filter(number="5").update(target_value=None, target_unit="")
    with translation.override("en"):
        lines = import_seed("004", dry_run=True).lines()
    assert (
        "Kept (office decision): item 5, the numeric target stays (none); "
        "the document says 6000人"
    ) in lines
