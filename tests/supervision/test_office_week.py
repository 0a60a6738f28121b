"""The office's Monday on 15 April 2024: the dashboard reads in one screen (summaries first,
lists paged and sortable), several items are chased up at once and the office comes back to
the same place, a second 催办 within days asks first, the export is dated and in local time."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from progress import workflow
from progress.choices import EventKind
from progress.models import TaskEvent
from projects.models import Unit
from supervision.dashboard import PAGE_SIZE

from .conftest import Page, add_task, dashboard, file_report

pytestmark = pytest.mark.django_db

D = datetime.date


def reminders(task) -> int:
    return TaskEvent.objects.filter(task=task, kind=EventKind.REMINDED).count()


def section_order(page) -> list[str]:
    return [s.get("aria-labelledby").removesuffix("-heading")
            for s in page.tree.xpath("//section[@aria-labelledby]")]


def test_the_summaries_come_before_the_lists(client, office):
    client.force_login(office.supervisor)
    order = section_order(dashboard(client))
    assert order.index("unit") < order.index("overdue")
    assert order.index("leader") < order.index("overdue")
    assert order[0] == "lights"


def test_a_long_list_is_paged_and_the_pager_keeps_the_filters(client, office):
    for n in range(PAGE_SIZE + 5):
        add_task(office, 100 + n, Unit.objects.create(jurisdiction=office.kaiping, name=f"单位{n}"),
                 dues=[D(2024, 4, 1)])
    client.force_login(office.supervisor)
    first = dashboard(client, window=3)
    assert first.count("overdue") == PAGE_SIZE + 6  # the heading counts them all
    assert len(first.rows("overdue")) == PAGE_SIZE
    links = first.section("overdue").xpath(".//nav[contains(@class, 'pager')]//a/@href")
    assert links == ["?window=3&overdue_page=2#overdue-heading"]
    second = dashboard(client, window=3, overdue_page=2)
    assert len(second.rows("overdue")) == 6
    assert "第 2/2 页，共 26 条" in second.section("overdue").text_content()
    # Out of range or nonsense: the nearest page, never an error.
    assert len(dashboard(client, overdue_page=99).rows("overdue")) == 6
    assert len(dashboard(client, overdue_page="x").rows("overdue")) == PAGE_SIZE


def test_a_list_sorts_by_a_column_and_back(client, office):
    late = add_task(office, 3, office.finance, dues=[D(2024, 2, 1)], person="周敏")
    client.force_login(office.supervisor)
    default = [r[0] for r in dashboard(client).rows("overdue")]
    assert default[0].endswith(late.content)  # the default: the earliest due first
    by_days = dashboard(client, overdue_sort="days")
    assert [r[5] for r in by_days.rows("overdue")] == ["15 天", "74 天"]
    assert [r[5] for r in dashboard(client, overdue_sort="-days").rows("overdue")] == [
        "74 天", "15 天",
    ]
    (header,) = by_days.section("overdue").xpath(".//thead//a[contains(., '逾期天数')]")
    assert header.get("href") == "?overdue_sort=-days#overdue-heading"
    by_unit = dashboard(client, overdue_sort="unit")
    assert [r[3] for r in by_unit.rows("overdue")] == ["市民政局 / 张璐", "市财政局 / 周敏"]
    # An unknown column leaves the default order.
    assert [r[0] for r in dashboard(client, overdue_sort="nonsense").rows("overdue")] == default


def test_bulk_chasing_up_mails_each_lead_unit_and_comes_back_to_the_same_place(
    client, office, mailoutbox
):
    client.force_login(office.supervisor)
    page = dashboard(client, light="red", window=7)
    (form,) = page.section("missing").xpath(".//form[starts-with(@id, 'bulk-')]")
    assert form.get("action") == reverse("supervision:bulk_remind")
    back = form.xpath("string(.//input[@name='next']/@value)")
    assert back == "/office/?light=red&window=7#missing-heading"
    boxes = page.section("missing").xpath(".//input[@type='checkbox'][@name='tasks']")
    assert {b.get("form") for b in boxes} == {"bulk-missing"}

    response = client.post(
        reverse("supervision:bulk_remind"),
        {"tasks": [office.task_a.pk, office.task_b.pk], "next": back},
    )
    assert response.status_code == 302
    assert response.url == back
    assert sorted(m.to[0] for m in mailoutbox) == [
        "civil-reporter@example.invalid", "education-reporter@example.invalid",
    ]
    assert reminders(office.task_a) == reminders(office.task_b) == 1


def test_bulk_chasing_up_refuses_everything_if_one_item_is_not_the_offices(
    client, office, mailoutbox
):
    client.force_login(office.city_supervisor)  # reads 开平, may not act there
    response = client.post(
        reverse("supervision:bulk_remind"), {"tasks": [office.task_a.pk, office.task_b.pk]}
    )
    assert response.status_code == 403
    assert mailoutbox == []
    assert reminders(office.task_a) == 0


def test_bulk_chasing_up_with_nothing_ticked_says_so(client, office, mailoutbox):
    client.force_login(office.supervisor)
    response = client.post(reverse("supervision:bulk_remind"), {"next": "/office/#overdue-heading"},
                           follow=True)
    assert "请先勾选要催办的项目。" in response.content.decode()
    assert mailoutbox == []


def test_a_second_chase_up_within_days_asks_first_and_sends_nothing_until_confirmed(
    client, office, mailoutbox, settings
):
    settings.REMIND_AGAIN_DAYS = 3
    client.force_login(office.supervisor)
    url = reverse("supervision:remind", args=[office.task_a.pk])
    client.post(url, {"next": "/office/#overdue-heading"})
    assert len(mailoutbox) == 1

    again = client.post(url, {"next": "/office/#overdue-heading"})
    assert again.status_code == 200
    warning = Page(again).tree.xpath("string(//*[@id='remind-again'])")
    assert "3 天内已催办过" in warning and "上次催办：2024年4月15日" in warning
    assert len(mailoutbox) == 1 and reminders(office.task_a) == 1
    (form,) = Page(again).tree.xpath("//form[.//input[@name='confirmed']]")
    assert form.get("action") == url

    confirmed = client.post(url, {"next": "/office/#overdue-heading", "confirmed": "1"})
    assert confirmed.url == "/office/#overdue-heading"
    assert len(mailoutbox) == 2 and reminders(office.task_a) == 2


def test_after_the_configured_days_a_chase_up_goes_at_once(client, office, mailoutbox, settings):
    settings.REMIND_AGAIN_DAYS = 3
    client.force_login(office.supervisor)
    url = reverse("supervision:remind", args=[office.task_a.pk])
    client.post(url)
    TaskEvent.objects.filter(kind=EventKind.REMINDED).update(
        at=datetime.datetime(2024, 4, 11, 9, tzinfo=datetime.UTC)
    )
    assert client.post(url).status_code == 302
    assert len(mailoutbox) == 2


def test_the_chase_up_mail_dates_with_the_year_lists_what_is_owed_and_links_to_the_site(
    client, office, mailoutbox, settings
):
    settings.SITE_URL = "https://minsheng.kaiping.gov.cn/"
    client.force_login(office.supervisor)
    client.post(reverse("supervision:remind", args=[office.task_a.pk]))
    (mail,) = mailoutbox
    assert mail.subject == "【催办】开平市 2024年 第1项"
    assert "以下节点已逾期未完成：\n1. 出台方案（应于2024年3月31日完成，已逾期15天）" in mail.body
    assert "以下报送期的进展报告尚未报送：\n1. 2024年3月（应于2024年3月31日前报送）" in mail.body
    assert f"项目地址：https://minsheng.kaiping.gov.cn/work/tasks/{office.task_a.pk}/" in mail.body
    assert "127.0.0.1" not in mail.body
    assert not re.search(r"(?<!\d{4}年)\b\d{1,2}月\d{1,2}日", mail.body)


def test_a_period_reported_since_is_no_longer_listed_as_owed(client, office, mailoutbox):
    file_report(office.task_a, office.lead)
    client.force_login(office.supervisor)
    client.post(reverse("supervision:remind", args=[office.task_a.pk]))
    assert "尚未报送" not in mailoutbox[0].body


def test_the_export_has_a_title_an_as_of_date_the_filters_and_local_times(client, office):
    report = file_report(office.task_a, office.lead)
    # Returned at 06:02 on 16 April in 开平: 22:02 on the 15th in UTC.
    workflow.return_report(report, office.supervisor, "请补充")
    report.refresh_from_db()
    type(report).objects.filter(pk=report.pk).update(
        reviewed_at=datetime.datetime(2024, 4, 15, 22, 2, tzinfo=datetime.UTC)
    )
    client.force_login(office.supervisor)
    response = client.get(reverse("supervision:export"), {"light": "red", "window": "7"})
    sheet = load_workbook(io.BytesIO(response.content))["已退回待重报"]
    assert sheet["A1"].value == "开平市民生实事督查清单 · 已退回待重报"
    assert sheet["A2"].value.startswith("截至2024年4月15日")
    filters = sheet["A3"].value
    assert filters.startswith("筛选条件：")
    assert "行政区：开平市" in filters and "预警灯：红灯" in filters and "临期天数：7" in filters
    assert sheet["A4"].value == "项目"
    assert sheet["F5"].value == datetime.datetime(2024, 4, 16, 6, 2)
    assert settings.TIME_ZONE == "Asia/Shanghai"


def test_the_print_stylesheet_hides_filters_buttons_and_pagers():
    css = (Path(settings.BASE_DIR) / "static/css/office.css").read_text()
    (print_rules,) = re.findall(r"@media print \{(.*)\}", css, re.S)
    for selector in (".filters", "button", ".button", ".pager", ".no-print", ".bulk"):
        assert selector in print_rules


def test_the_dashboard_links_its_stylesheet_and_short_cells_do_not_wrap(client, office):
    client.force_login(office.supervisor)
    page = dashboard(client)
    assert page.tree.xpath("//link[contains(@href, 'css/office.css')]")
    (due,) = page.section("overdue").xpath(".//tbody/tr/td[3]")
    assert "nowrap" in due.get("class")
    work_css = (Path(settings.BASE_DIR) / "static/css/work.css").read_text()
    assert "main.container { max-width: min(100%, 110rem); }" in work_css


def test_the_export_holds_every_row_in_the_order_on_screen_not_one_page(client, office):
    for n in range(PAGE_SIZE + 5):
        add_task(office, 100 + n, Unit.objects.create(jurisdiction=office.kaiping, name=f"单位{n}"),
                 dues=[D(2024, 4, 1)])
    client.force_login(office.supervisor)
    response = client.get(reverse("supervision:export"), {"overdue_sort": "-days", "overdue_page": 2})
    sheet = load_workbook(io.BytesIO(response.content))["逾期节点"]
    days = [row[7] for row in sheet.iter_rows(min_row=5, values_only=True)]
    assert len(days) == PAGE_SIZE + 6
    assert days == sorted(days, reverse=True)
