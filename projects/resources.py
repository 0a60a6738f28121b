"""Spreadsheet export of the plan, laid out like the tables the offices publish."""

import io

import tablib
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from import_export.formats import base_formats

from minsheng.lib.spreadsheet import keep_text, safe_row

from .models import Task, TaskLeader, TaskUnit


# The library's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only drops a leading "=" (the
# text changes, and "+", "-", "@" pass); these formats apply our one rule instead.
class TextCSV(base_formats.CSV):
    """CSV whose formula-like texts are quoted."""

    def export_data(self, dataset, **kwargs):
        safe = tablib.Dataset(*(safe_row(row) for row in dataset), headers=dataset.headers)
        safe.title = dataset.title
        return super().export_data(safe, **kwargs)


class TextXLSX(base_formats.XLSX):
    """.xlsx whose formula-like texts are string cells."""

    def export_data(self, dataset, **kwargs):
        from openpyxl import load_workbook

        # tablib builds and saves the workbook in one call: reopen it to fix the cells.
        workbook = load_workbook(io.BytesIO(super().export_data(dataset, **kwargs)))
        keep_text(workbook)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


# The admin exports numbers and dates as native cells only for the exact types in this list.
base_formats.BINARY_FORMATS.append(TextXLSX)


class TaskResource(resources.ModelResource):
    """One row per item, with Chinese headers; export only (documents come in through importers)."""

    jurisdiction = fields.Field(attribute="program__jurisdiction__name", column_name=_("行政区"))
    year = fields.Field(
        attribute="program__year", column_name=_("年度"), widget=widgets.IntegerWidget()
    )
    category = fields.Field(attribute="category", column_name=_("大类"))
    number = fields.Field(attribute="number", column_name=_("序号"))
    title = fields.Field(attribute="title", column_name=_("事项名称"))
    content = fields.Field(attribute="content", column_name=_("工作任务"))
    city_level = fields.Field(column_name=_("市民生实事(★)"))
    leaders = fields.Field(column_name=_("分管领导"))
    units = fields.Field(column_name=_("责任单位"))
    persons = fields.Field(column_name=_("责任人"))
    lead_unit = fields.Field(column_name=_("牵头单位"))
    deadline = fields.Field(
        attribute="deadline", column_name=_("完成时限"), widget=widgets.DateWidget()
    )
    status = fields.Field(attribute="get_status_display", column_name=_("状态"))

    class Meta:
        model = Task
        fields = (
            "jurisdiction",
            "year",
            "category",
            "number",
            "title",
            "content",
            "city_level",
            "leaders",
            "units",
            "persons",
            "lead_unit",
            "deadline",
            "status",
        )  # also the column order

    def filter_export(self, queryset, **kwargs):
        # The admin hands over its changelist queryset; add what every row reads, so the
        # export costs a few queries per page of rows instead of several per row.
        return queryset.select_related("program__jurisdiction", "category").prefetch_related(
            Prefetch(
                "assignments", queryset=TaskUnit.objects.select_related("unit").order_by("position")
            ),
            Prefetch(
                "taskleader_set",
                queryset=TaskLeader.objects.select_related("leader").order_by("position"),
            ),
        )

    @staticmethod
    def lead_first(task):
        # sorted() is stable, so co-units keep their document order after the lead.
        return sorted(task.assignments.all(), key=lambda assignment: not assignment.is_lead)

    def dehydrate_city_level(self, task):
        return "★" if task.city_level else ""

    def dehydrate_leaders(self, task):
        return "、".join(link.leader.name for link in task.taskleader_set.all())

    def dehydrate_units(self, task):
        return "\n".join(assignment.unit.name for assignment in self.lead_first(task))

    def dehydrate_persons(self, task):
        # Blank lines keep each person level with their unit.
        persons = [assignment.person for assignment in self.lead_first(task)]
        return "\n".join(persons) if any(persons) else ""

    def dehydrate_lead_unit(self, task):
        lead = task.lead_assignment
        return lead.unit.name if lead else ""
