"""The office's admin: every list, the task page, filters, the unit merge and the export."""

import io
import re
from datetime import date, datetime

import openpyxl
import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.admin import TaskUnitInline
from projects.models import Task, TaskUnit, Unit, UnitAlias
from projects.resources import TaskResource
from tests.projects.conftest import add_tasks

EXPORT_HEADERS = [
    "行政区",
    "年度",
    "大类",
    "序号",
    "事项名称",
    "工作任务",
    "市民生实事(★)",
    "分管领导",
    "责任单位",
    "责任人",
    "牵头单位",
    "完成时限",
    "状态",
]


def changelist(model, app="projects"):
    return reverse(f"admin:{app}_{model}_changelist")


def results(response):
    return list(response.context["cl"].result_list)


def milestone_cells(page, column):
    """The milestone inline's cells of one read-only column, saved rows first."""
    return re.findall(rf'<td class="field-{column}">\s*<p>(.*?)</p>', page)


@pytest.mark.parametrize(
    ("app", "model", "expected"),
    [
        ("projects", "jurisdiction", "开平市"),
        ("projects", "program", "2024年江门市十件民生实事"),
        ("projects", "category", "一、提高底线民生保障水平"),
        ("projects", "leader", "李明"),
        ("projects", "unit", "市医保局"),
        ("projects", "unitalias", "市医疗保障局"),
        ("projects", "task", "提高城乡低保标准"),
        ("projects", "taskunit", "张璐"),
        ("projects", "milestone", "3月31日前"),
        ("progress", "progressrecord", "2024年6月30日"),
    ],
)
def test_every_changelist_opens_and_lists_its_rows(admin_client, plan, app, model, expected):
    response = admin_client.get(changelist(model, app))
    assert response.status_code == 200
    table = response.content.decode().partition('id="result_list"')[2]
    assert expected in table


def test_task_changelist_shows_the_lead_unit_and_program(admin_client, plan):
    response = admin_client.get(changelist("task"))
    page = response.content.decode()
    assert "江门市 2024年" in page
    rows = {task.number: task.lead_unit_name for task in results(response)}
    assert rows == {"1": "市民政局", "2": "市医疗保障局"}


def test_task_changelist_costs_the_same_queries_for_more_tasks(admin_client, plan):
    def queries_for_changelist():
        with CaptureQueriesContext(connection) as context:
            assert admin_client.get(changelist("task")).status_code == 200
        return len(context)

    before = queries_for_changelist()
    add_tasks(plan.program, plan.category, plan.health, count=5, start=3)
    assert queries_for_changelist() == before


def test_unit_changelist_costs_the_same_queries_for_more_units(admin_client, plan):
    def queries_for_changelist():
        with CaptureQueriesContext(connection) as context:
            assert admin_client.get(changelist("unit")).status_code == 200
        return len(context)

    before = queries_for_changelist()
    for number in range(5):
        unit = Unit.objects.create(jurisdiction=plan.jiangmen, name=f"单位{number}")
        UnitAlias.objects.create(unit=unit, name=f"别名{number}")
    assert queries_for_changelist() == before


def test_task_change_page_shows_units_leaders_milestones_and_progress(
    admin_client, plan, monkeypatch
):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: date(2024, 6, 1))
    url = reverse("admin:projects_task_change", args=[plan.allowance.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "张璐" in page and "王强" in page
    assert f'<option value="{plan.leader.pk}" selected>李明</option>' in page
    assert milestone_cells(page, "period")[:2] == ["3月31日前", "12月10日前"]
    # Seen on 6月1日: the 3月31日 node is overdue, the 12月10日 one is not yet due.
    assert milestone_cells(page, "milestone_state")[:2] == ["已逾期", "未到期"]
    assert "实施方案已印发。" in page


def test_task_change_page_offers_only_units_of_the_tasks_jurisdiction(admin_client, plan):
    response = admin_client.get(reverse("admin:projects_task_change", args=[plan.allowance.pk]))
    unit_choices = response.context["inline_admin_formsets"][0].formset.form.base_fields["unit"]
    assert plan.kaiping_civil not in unit_choices.queryset
    assert plan.civil in unit_choices.queryset


def test_milestones_of_a_completed_task_are_done(admin_client, plan):
    plan.allowance.status = "completed"
    plan.allowance.save()
    response = admin_client.get(reverse("admin:projects_task_change", args=[plan.allowance.pk]))
    states = milestone_cells(response.content.decode(), "milestone_state")
    assert states[:2] == ["已完成", "已完成"]


def test_overdue_milestones_can_be_listed(admin_client, plan, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: date(2024, 6, 1))
    response = admin_client.get(changelist("milestone"), {"state": "overdue"})
    assert [milestone.text for milestone in results(response)] == ["出台实施方案"]


def test_searching_units_by_an_alias_finds_the_unit(admin_client, plan):
    response = admin_client.get(changelist("unit"), {"q": "市医保局"})
    assert results(response) == [plan.medical]


def test_filtering_tasks_by_unit_lists_only_that_units_tasks(admin_client, plan):
    response = admin_client.get(
        changelist("task"), {"assignments__unit__id__exact": plan.medical.pk}
    )
    assert results(response) == [plan.insurance]


def test_unit_filter_names_jurisdictions_and_narrows_to_the_chosen_one(admin_client, plan):
    page = admin_client.get(changelist("task")).content.decode()
    assert "市民政局（江门市）" in page and "市民政局（开平市）" in page

    narrowed = admin_client.get(
        changelist("task"), {"program__jurisdiction__id__exact": plan.jiangmen.pk}
    ).content.decode()
    assert "市民政局（江门市）" in narrowed and "市民政局（开平市）" not in narrowed


def test_filtering_tasks_by_jurisdiction_year_and_status(admin_client, plan):
    response = admin_client.get(
        changelist("task"),
        {
            "program__jurisdiction__id__exact": plan.jiangmen.pk,
            "program__year": 2024,
            "status__exact": "completed",
        },
    )
    assert results(response) == [plan.insurance]


def post_unit_with_alias(admin_client, unit, alias):
    return admin_client.post(
        reverse("admin:projects_unit_change", args=[unit.pk]),
        {
            "jurisdiction": unit.jurisdiction_id,
            "name": unit.name,
            "aliases-TOTAL_FORMS": "1",
            "aliases-INITIAL_FORMS": "0",
            "aliases-MIN_NUM_FORMS": "0",
            "aliases-MAX_NUM_FORMS": "1000",
            "aliases-0-id": "",
            "aliases-0-unit": unit.pk,
            "aliases-0-name": alias,
        },
    )


def test_an_alias_is_added_on_the_unit_page_in_the_units_jurisdiction(admin_client, plan):
    response = post_unit_with_alias(admin_client, plan.civil, "江门市民政局")
    assert response.status_code == 302
    alias = UnitAlias.objects.get(name="江门市民政局")
    assert (alias.unit, alias.jurisdiction) == (plan.civil, plan.jiangmen)


def test_an_alias_taken_in_the_jurisdiction_is_refused_on_the_form(admin_client, plan):
    response = post_unit_with_alias(admin_client, plan.civil, "市医保局")
    assert response.status_code == 200
    assert "该行政区已有同样的单位别名。" in response.content.decode()
    assert UnitAlias.objects.get(name="市医保局").unit == plan.medical


def test_the_same_alias_is_free_in_another_jurisdiction(admin_client, plan):
    response = post_unit_with_alias(admin_client, plan.kaiping_civil, "市医保局")
    assert response.status_code == 302
    assert UnitAlias.objects.filter(name="市医保局").count() == 2


def merge(admin_client, units, follow=False, **extra):
    return admin_client.post(
        changelist("unit"),
        {"action": "merge_units", ACTION_CHECKBOX_NAME: [unit.pk for unit in units], **extra},
        follow=follow,
    )


def test_merge_asks_which_unit_to_keep(admin_client, plan):
    duplicate = Unit.objects.create(jurisdiction=plan.jiangmen, name="医保局")
    response = merge(admin_client, [plan.medical, duplicate])
    assert response.status_code == 200
    assert response.templates[0].name == "admin/projects/unit/merge.html"
    page = response.content.decode()
    assert "市医疗保障局" in page and "医保局" in page
    assert Unit.objects.filter(pk=duplicate.pk).exists()


def test_merge_moves_tasks_and_aliases_to_the_kept_unit(admin_client, plan):
    duplicate = Unit.objects.create(jurisdiction=plan.jiangmen, name="医保局")
    UnitAlias.objects.create(unit=duplicate, name="江门医保局")
    TaskUnit.objects.create(task=plan.allowance, unit=duplicate, position=2, person="陈芳")

    response = merge(admin_client, [plan.medical, duplicate], confirm="1", keep=plan.medical.pk)

    assert response.status_code == 302
    assert not Unit.objects.filter(pk=duplicate.pk).exists()
    assert set(plan.medical.assignments.values_list("task__number", flat=True)) == {"1", "2"}
    assert set(plan.medical.aliases.values_list("name", flat=True)) == {
        "市医保局",
        "江门医保局",
        "医保局",
    }


def test_merge_refuses_units_of_different_jurisdictions(admin_client, plan):
    response = merge(
        admin_client, [plan.civil, plan.kaiping_civil], confirm="1", keep=plan.civil.pk, follow=True
    )
    assert "只能合并同一行政区的责任单位。" in response.content.decode()
    assert Unit.objects.filter(pk__in=[plan.civil.pk, plan.kaiping_civil.pk]).count() == 2
    assert plan.kaiping_civil.assignments.count() == 0


def test_merge_refuses_a_unit_to_keep_outside_the_selection(admin_client, plan):
    response = merge(admin_client, [plan.civil, plan.health], confirm="1", keep=plan.medical.pk)
    assert response.status_code == 200
    assert Unit.objects.filter(pk__in=[plan.civil.pk, plan.health.pk]).count() == 2


def expected_first_row():
    return [
        "江门市",
        2024,
        "一、提高底线民生保障水平",
        "1",
        "提高城乡低保标准",
        "城乡低保标准提高到每人每月1000元以上。",
        "★",
        "李明",
        "市民政局\n市卫生健康局",
        "张璐\n王强",
        "市民政局",
        date(2024, 12, 10),
        "推进中",
    ]


def test_task_resource_exports_chinese_headers_and_values(plan):
    dataset = TaskResource().export(Task.objects.order_by("sort_key"))
    assert dataset.headers == EXPORT_HEADERS
    expected = expected_first_row()
    expected[1], expected[11] = "2024", "2024-12-10"  # text, as in a CSV
    assert list(dataset[0]) == expected


def test_task_resource_export_costs_the_same_queries_for_more_tasks(plan):
    def queries_for_export():
        with CaptureQueriesContext(connection) as context:
            TaskResource().export(Task.objects.order_by("sort_key"))
        return len(context)

    before = queries_for_export()
    add_tasks(plan.program, plan.category, plan.health, count=5, start=3)
    assert queries_for_export() == before


def test_admin_exports_the_task_list_as_xlsx(admin_client, plan):
    export_url = reverse("admin:projects_task_export")
    form = admin_client.get(export_url).context["form"]
    xlsx = next(value for value, title in form.fields["format"].choices if title == "xlsx")
    selected_fields = {name: "on" for name in form.fields if name.startswith("taskresource_")}

    response = admin_client.post(export_url, {"format": xlsx, "resource": "0", **selected_fields})

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, first, *_ = sheet.iter_rows(values_only=True)
    assert list(header) == EXPORT_HEADERS
    expected = expected_first_row()
    expected[11] = datetime(2024, 12, 10)  # a real date cell, read back as datetime
    assert list(first) == expected


def test_admin_exports_the_filtered_task_list_as_csv(admin_client, plan):
    export_url = reverse("admin:projects_task_export")
    form = admin_client.get(export_url).context["form"]
    csv = next(value for value, title in form.fields["format"].choices if title == "csv")
    selected_fields = {name: "on" for name in form.fields if name.startswith("taskresource_")}

    response = admin_client.post(
        f"{export_url}?assignments__unit__id__exact={plan.medical.pk}",
        {"format": csv, "resource": "0", **selected_fields},
    )

    assert response.content.startswith("\ufeff".encode())  # so Excel reads it as UTF-8
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(EXPORT_HEADERS)
    assert len(lines) == 2 and "670元" in lines[1]


def test_admin_pages_open_on_a_real_imported_program(admin_client, import_seed):
    import_seed("004")
    task = Task.objects.get(program__year=2024, number="1")
    assert admin_client.get(changelist("task")).status_code == 200
    assert admin_client.get(changelist("unit")).status_code == 200
    assert admin_client.get(changelist("milestone")).status_code == 200
    assert (
        admin_client.get(reverse("admin:projects_task_change", args=[task.pk])).status_code == 200
    )


def task_unit_formset(rf, admin_user, task, rows):
    """The task page's unit rows, bound to `rows` as a browser would post them."""
    request = rf.post("/")
    request.user = admin_user
    FormSet = TaskUnitInline(Task, admin.site).get_formset(request, task)
    data = {
        "assignments-TOTAL_FORMS": str(len(rows)),
        "assignments-INITIAL_FORMS": "0",
        "assignments-MIN_NUM_FORMS": "0",
        "assignments-MAX_NUM_FORMS": "1000",
    }
    for index, (unit, is_lead) in enumerate(rows):
        data |= {
            f"assignments-{index}-position": str(index),
            f"assignments-{index}-unit": str(unit.pk),
            f"assignments-{index}-person": "",
        }
        if is_lead:
            data[f"assignments-{index}-is_lead"] = "on"
    return FormSet(data, instance=task, prefix="assignments")


def test_a_task_cannot_get_two_lead_units_on_its_page(rf, admin_user, plan):
    task = Task.objects.create(
        program=plan.program, category=plan.category, number="3", content="新任务"
    )
    formset = task_unit_formset(rf, admin_user, task, [(plan.civil, True), (plan.health, True)])
    assert not formset.is_valid()
    assert "每个项目只能有一个牵头单位。" in formset.non_form_errors()

    formset = task_unit_formset(rf, admin_user, task, [(plan.civil, True), (plan.health, False)])
    assert formset.is_valid()
