"""What the office does from the dashboard: remind a lead unit (催办), record a numbered
notice (交办单 → 催办单 → 督办通知书) with its Word text, and export the lists to Excel."""

import datetime
import io

import docx
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from openpyxl import load_workbook

from accounts.choices import Role
from accounts.models import Account
from progress.choices import EventKind
from progress.models import TaskEvent
from projects.models import Category, Program, Task, TaskUnit, Unit
from supervision.choices import NoticeKind
from supervision.models import SupervisionNotice

from .conftest import Page, add_milestone, file_report, grant_extension

pytestmark = pytest.mark.django_db

D = datetime.date


def remind_url(task):
    return reverse("supervision:remind", kwargs={"pk": task.pk})


def notice_url(task):
    return reverse("supervision:notice_new", kwargs={"pk": task.pk})


def task_url(task):
    return reverse("progress:task", kwargs={"pk": task.pk})


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def events(task, kind):
    return list(TaskEvent.objects.filter(task=task, kind=kind))


# -- remind -----------------------------------------------------------------------------


def test_reminding_mails_the_lead_units_reporters_only_and_records_who_sent_it(
    client, office, mailoutbox
):
    client.force_login(office.supervisor)
    back = reverse("supervision:dashboard") + "?light=red"
    response = client.post(remind_url(office.task_a), {"next": back})

    assert response.status_code == 302
    assert response.url == back
    (mail,) = mailoutbox
    assert mail.to == ["civil-reporter@example.invalid"]  # not 市财政局, the co-unit
    assert "催办" in mail.subject
    assert "市民政局" in mail.body
    assert task_url(office.task_a) in mail.body
    assert "1. 出台方案（应于2024年3月31日完成，已逾期15天）" in mail.body
    assert "1. 2024年3月（应于2024年3月31日前报送）" in mail.body
    (event,) = events(office.task_a, EventKind.REMINDED)
    assert event.actor == office.supervisor
    assert "市民政局" in event.note
    assert messages_of(response) == ["已向市民政局发送催办提醒（1人）。"]


def test_reminding_never_sends_the_office_to_another_site(client, office, mailoutbox):
    client.force_login(office.supervisor)
    for evil in ("https://evil.example/", "//evil.example/office/", "javascript:alert(1)"):
        # Confirmed: the second and third 催办 within days would otherwise ask first.
        response = client.post(remind_url(office.task_a), {"next": evil, "confirmed": "1"})
        assert response.status_code == 302
        assert response.url == task_url(office.task_a), evil
    assert len(mailoutbox) == 3


def test_reminding_without_a_next_page_returns_to_the_task(client, office, mailoutbox):
    client.force_login(office.supervisor)
    response = client.post(remind_url(office.task_a))
    assert response.url == task_url(office.task_a)


def test_a_reminder_is_only_sent_by_post(client, office, mailoutbox):
    client.force_login(office.supervisor)
    assert client.get(remind_url(office.task_a)).status_code == 405
    assert mailoutbox == []
    assert events(office.task_a, EventKind.REMINDED) == []


def test_inactive_accounts_and_other_units_are_not_mailed(client, office, mailoutbox):
    second = Account.create_user(
        username="civil-2", password="x-long-password-2024", role=Role.REPORTER,
        jurisdiction=office.kaiping, unit=office.civil, email="civil-2@example.invalid",
    ).user
    gone = Account.create_user(
        username="civil-gone", password="x-long-password-2024", role=Role.REPORTER,
        jurisdiction=office.kaiping, unit=office.civil, email="gone@example.invalid",
    ).user
    gone.is_active = False
    gone.save()
    client.force_login(office.supervisor)
    response = client.post(remind_url(office.task_a))
    (mail,) = mailoutbox
    assert sorted(mail.to) == [second.email, "civil-reporter@example.invalid"]
    assert messages_of(response) == ["已向市民政局发送催办提醒（2人）。"]


def test_reminding_a_unit_without_a_mail_address_says_so_and_sends_nothing(
    client, office, mailoutbox
):
    office.other_unit.email = ""
    office.other_unit.save()
    client.force_login(office.supervisor)
    response = client.post(remind_url(office.task_b))
    assert response.status_code == 302
    assert mailoutbox == []
    assert events(office.task_b, EventKind.REMINDED) == []
    assert messages_of(response) == ["牵头单位没有可接收邮件的账号，请先为其开通账号。"]


def test_the_reminder_button_on_the_dashboard_posts_back_to_the_same_view(client, office):
    client.force_login(office.supervisor)
    page = Page(client.get(reverse("supervision:dashboard"), {"light": "red"}))
    (form,) = page.section("overdue").xpath(".//tbody//form")
    assert form.get("action") == remind_url(office.task_a)
    # Back to the same list, at the same place.
    assert form.xpath("string(.//input[@name='next']/@value)") == "/office/?light=red#overdue-heading"


# -- notices ----------------------------------------------------------------------------


def notice_post(world, kind, number, **fields):
    data = {
        "kind": kind,
        "unit": world.civil.pk,
        "number": number,
        "issued_on": "2024-04-15",
        "reply_due": "2024-04-30",
        "content": "请于月底前出台实施方案。",
    }
    data.update(fields)
    return data


def proposed_kind(client, task) -> list[str]:
    page = Page(client.get(notice_url(task)))
    return page.tree.xpath("//input[@name='kind'][@checked]/@value")


def field_errors(response) -> list[str]:
    page = Page(response)
    return [" ".join(e.text_content().split())
            for e in page.tree.xpath("//*[contains(@class, 'field-error')] | "
                                     "//div[contains(@class, 'form-errors')]/p")]


def test_the_first_notice_proposed_is_an_assignment_to_the_lead_unit(client, office):
    client.force_login(office.supervisor)
    response = client.get(notice_url(office.task_a))
    page = Page(response)
    assert proposed_kind(client, office.task_a) == [NoticeKind.ASSIGNMENT]
    units = page.tree.xpath("//select[@name='unit']/option")
    assert [u.text for u in units] == ["市民政局", "市财政局"]  # the task's units only
    assert page.tree.xpath("//select[@name='unit']/option[@selected]/text()") == ["市民政局"]
    assert page.tree.xpath("string(//input[@name='issued_on']/@value)") == "2024-04-15"


def test_recording_a_notice_files_it_and_writes_the_task_history(client, office):
    client.force_login(office.supervisor)
    response = client.post(
        notice_url(office.task_a), notice_post(office, "assignment", "开府督〔2024〕1号")
    )
    assert response.status_code == 302
    assert response.url == task_url(office.task_a)
    notice = SupervisionNotice.objects.get()
    assert (notice.task, notice.unit, notice.jurisdiction, notice.kind) == (
        office.task_a, office.civil, office.kaiping, NoticeKind.ASSIGNMENT
    )
    assert notice.created_by == office.supervisor
    (event,) = events(office.task_a, EventKind.NOTICE)
    assert event.actor == office.supervisor
    # Numbered automatically: 开平's prefix 开督, the year of issue, the first of the year.
    assert notice.number == "开督〔2024〕1号"
    assert event.note == "交办单 开督〔2024〕1号，回复期限2024-04-30"
    assert messages_of(response) == ["已登记交办单 开督〔2024〕1号，可下载 Word 文本打印盖章。"]


def test_each_further_notice_is_proposed_one_step_up_the_ladder(client, office):
    client.force_login(office.supervisor)
    client.post(notice_url(office.task_a), notice_post(office, "assignment", "开府督〔2024〕1号"))
    assert proposed_kind(client, office.task_a) == [NoticeKind.URGING]
    client.post(notice_url(office.task_a), notice_post(office, "urging", "开府督〔2024〕2号"))
    assert proposed_kind(client, office.task_a) == [NoticeKind.SUPERVISION]
    client.post(notice_url(office.task_a), notice_post(office, "supervision", "开府督〔2024〕3号"))
    assert proposed_kind(client, office.task_a) == [NoticeKind.SUPERVISION]  # the top rung
    assert proposed_kind(client, office.task_b) == [NoticeKind.ASSIGNMENT]  # per task
    assert SupervisionNotice.objects.count() == 3


def test_a_notice_cannot_step_back_down_the_ladder(client, office):
    client.force_login(office.supervisor)
    client.post(notice_url(office.task_a), notice_post(office, "supervision", "开府督〔2024〕5号"))
    response = client.post(
        notice_url(office.task_a), notice_post(office, "assignment", "开府督〔2024〕6号")
    )
    assert response.status_code == 200
    assert field_errors(response) == ["该项目已发过督办通知书，督办只能逐级升级，不能降级。"]
    assert SupervisionNotice.objects.count() == 1
    assert len(events(office.task_a, EventKind.NOTICE)) == 1


def test_notices_are_numbered_one_after_another_per_jurisdiction_and_year(client, office):
    office.kaiping.notice_prefix = "开府督"
    office.kaiping.save()
    client.force_login(office.supervisor)
    client.post(notice_url(office.task_a), notice_post(office, "assignment", ""))
    client.post(
        notice_url(office.task_b),
        notice_post(office, "assignment", "", unit=office.education.pk),
    )
    client.post(
        notice_url(office.task_b),
        notice_post(office, "urging", "", unit=office.education.pk, issued_on="2025-01-02",
                    reply_due="2025-01-10"),
    )
    assert list(SupervisionNotice.objects.order_by("pk").values_list("number", flat=True)) == [
        "开府督〔2024〕1号", "开府督〔2024〕2号", "开府督〔2025〕1号",
    ]


def test_the_notice_form_offers_no_blank_type_and_shows_the_coming_number(client, office):
    client.force_login(office.supervisor)
    page = Page(client.get(notice_url(office.task_a)))
    assert page.tree.xpath("//input[@name='kind']/@value") == [
        "assignment", "urging", "supervision",
    ]
    assert not page.tree.xpath("//input[@name='number']")
    assert "开督〔2024〕1号" in page.tree.xpath("string(//*[@id='notice-number'])")
    response = client.post(notice_url(office.task_a), notice_post(office, "", ""))
    assert response.status_code == 200
    assert "该字段是必填项。" in field_errors(response)
    assert not SupervisionNotice.objects.exists()


def test_the_same_number_may_be_used_by_another_jurisdiction(client, office):
    program = Program.objects.create(jurisdiction=office.jiangmen, year=2024, title="江门")
    category = Category.objects.create(program=program, number=1, name="教育")
    task = Task.objects.create(program=program, category=category, number="1", content="江门项目")
    unit = Unit.objects.create(jurisdiction=office.jiangmen, name="江门市教育局")
    TaskUnit.objects.create(task=task, unit=unit, is_lead=True)
    SupervisionNotice.objects.create(
        jurisdiction=office.jiangmen, task=task, unit=unit, kind="assignment",
        number="督〔2024〕1号", issued_on=D(2024, 4, 1), reply_due=D(2024, 4, 10), content="x",
    )
    client.force_login(office.supervisor)
    response = client.post(
        notice_url(office.task_a), notice_post(office, "assignment", "督〔2024〕1号")
    )
    assert response.status_code == 302
    assert SupervisionNotice.objects.filter(jurisdiction=office.kaiping).count() == 1


def test_a_reply_due_before_the_notice_is_issued_is_refused(client, office):
    client.force_login(office.supervisor)
    response = client.post(
        notice_url(office.task_a),
        notice_post(office, "assignment", "开府督〔2024〕1号", reply_due="2024-04-10"),
    )
    assert response.status_code == 200
    assert "回复期限不能早于发文日期。" in field_errors(response)
    assert not SupervisionNotice.objects.exists()
    assert events(office.task_a, EventKind.NOTICE) == []


def test_a_notice_can_only_be_sent_to_a_unit_of_the_task(client, office):
    client.force_login(office.supervisor)
    response = client.post(
        notice_url(office.task_a),
        notice_post(office, "assignment", "开府督〔2024〕1号", unit=office.education.pk),
    )
    assert response.status_code == 200
    assert field_errors(response)  # 市教育局 is not among the choices
    assert not SupervisionNotice.objects.exists()


def record_notice(client, world):
    client.force_login(world.supervisor)
    client.post(
        notice_url(world.task_a),
        notice_post(world, "assignment", "", contact="张三，0750-1234567"),
    )
    return SupervisionNotice.objects.get()


@pytest.mark.parametrize("persona", ["supervisor", "lead"])
def test_the_notice_shows_on_the_task_page_with_a_download_link(client, office, persona):
    notice = record_notice(client, office)
    client.force_login(getattr(office, persona))
    page = Page(client.get(task_url(office.task_a)))
    (section,) = page.tree.xpath("//section[@id='notices']")
    text = " ".join(section.text_content().split())
    assert "交办单 开督〔2024〕1号 · 主送 市民政局" in text
    assert "回复期限 2024年4月30日" in text
    links = section.xpath(".//a/@href")
    assert reverse("supervision:notice_docx", kwargs={"pk": notice.pk}) in links


def test_the_notice_downloads_as_a_word_document_ready_to_stamp(client, office):
    notice = record_notice(client, office)
    response = client.get(reverse("supervision:notice_docx", kwargs={"pk": notice.pk}))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "attachment" in response["Content-Disposition"]
    paragraphs = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
    text = "\n".join(paragraphs)
    # The red header: the issuer and the document's type in red, then the number over a red rule.
    document = docx.Document(io.BytesIO(response.content))
    title = document.paragraphs[0]
    assert title.text == "开平市人民政府办公室交办单"
    assert all(str(run.font.color.rgb) == "C00000" for run in title.runs)
    assert paragraphs[1] == "开督〔2024〕1号"
    assert 'w:color="C00000"' in document.paragraphs[1]._p.xml  # the red rule
    assert "逾期未完成的节点：" in paragraphs
    assert "1. 出台方案（应于2024年3月31日完成，已逾期15天）" in paragraphs
    assert "联系人：张三，0750-1234567" in paragraphs
    assert "市民政局：" in paragraphs
    assert "2024年开平市十件民生实事第1项“新增就业6000人以上。”" in text
    assert "请于月底前出台实施方案。" in text
    assert "请于2024年4月30日前将落实情况书面报送本级督查室。" in text
    assert paragraphs[-1] == "2024年4月15日"


# -- export -----------------------------------------------------------------------------


def workbook(client, **params):
    response = client.get(reverse("supervision:export"), params)
    assert response.status_code == 200
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    assert "attachment" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(response.content))


def rows(sheet):
    """The rows under the header (row 4, below the title, as-of date and filters lines)."""
    return [list(r) for r in sheet.iter_rows(min_row=5, values_only=True)]


def test_the_export_lists_the_overdue_milestone_with_its_lead_unit_and_days_late(
    client, office
):
    add_milestone(office.task_b, D(2024, 4, 20), "完成选址")
    file_report(office.task_b, office.other_unit)
    client.force_login(office.supervisor)
    book = workbook(client)
    assert book.sheetnames == [
        "逾期节点", "7天内到期", "未按期报送", "已退回待重报", "待审核", "按单位", "按分管领导",
    ]
    assert [c.value for c in book["逾期节点"][4]] == [
        "项目", "节点", "截止日期", "原定日期", "牵头单位", "责任人", "分管领导", "逾期天数",
    ]
    (overdue,) = rows(book["逾期节点"])
    assert overdue[0] == "开平市2024年 第1项 新增就业6000人以上。"
    assert overdue[1] == "出台方案"
    assert overdue[2].date() == D(2024, 3, 31)
    assert overdue[4:] == ["市民政局", "张璐", "王副市长", 15]

    (soon,) = rows(book["7天内到期"])
    assert soon[1] == "完成选址"
    assert soon[4] == "市教育局"
    (missing,) = rows(book["未按期报送"])
    assert missing[2:] == ["市民政局", "张璐", "王副市长", 15]
    (waiting,) = rows(book["待审核"])
    assert waiting[1] == "2024年3月"
    assert rows(book["按单位"]) == [["市民政局", 1, 1, 1, 1, 15], ["市教育局", 1, 0, 0, 0, None]]


def test_the_export_follows_the_dashboards_filters(client, office):
    client.force_login(office.supervisor)
    book = workbook(client, light="yellow")  # task B, its March report overdue; not red A
    assert rows(book["逾期节点"]) == []
    assert [r[0] for r in rows(book["未按期报送"])] == ["开平市2024年 第2项 新建幼儿园3所。"]


def test_the_export_gives_a_moved_milestones_original_date(client, office):
    grant_extension(office, office.march, D(2024, 4, 10))
    client.force_login(office.supervisor)
    (overdue,) = rows(workbook(client)["逾期节点"])
    assert overdue[2].date() == D(2024, 4, 10)
    assert overdue[3].date() == D(2024, 3, 31)
    assert overdue[7] == 5


def test_the_office_publishes_and_unpublishes_its_program_from_the_dashboard(client, office):
    program = office.task_a.program
    url = reverse("supervision:publish", args=[program.pk])
    client.force_login(office.other_unit)
    assert client.post(url, {"publish": "1"}).status_code == 403
    # 江门's office reads 开平's program (开平 lies below it) but publishes only its own: 403.
    client.force_login(office.city_supervisor)
    assert client.post(url, {"publish": "1"}).status_code == 403
    program.refresh_from_db()
    assert not program.is_published
    client.force_login(office.supervisor)
    page = client.get(reverse("supervision:dashboard")).content.decode()
    assert "尚未公开" in page
    client.post(url, {"publish": "1"})
    program.refresh_from_db()
    assert program.is_published and program.published_at
    assert client.get(reverse("portal:program", args=["440783", 2024])).status_code == 200
    # Unpublishing asks first, and changes nothing until confirmed.
    response = client.post(url, {"publish": "0", "next": "/office/"})
    assert response.status_code == 200
    assert "取消公开后" in Page(response).tree.xpath("string(//*[@id='unpublish-warning'])")
    program.refresh_from_db()
    assert program.is_published
    client.post(url, {"publish": "0", "confirmed": "1"})
    program.refresh_from_db()
    assert not program.is_published
    client.logout()
    assert client.get(reverse("portal:program", args=["440783", 2024])).status_code == 404
