"""What the open-data API returns. Every field carries a help text: it is the OpenAPI
description the documentation page shows."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from projects.choices import Cadence, MilestoneState, TaskStatus


def absolute(request, name, *args, query: str = "") -> str:
    url = reverse(name, args=args) + (f"?{query}" if query else "")
    return request.build_absolute_uri(url) if request is not None else url


# -- programs/ --------------------------------------------------------------------------


class ProgramLinksSerializer(serializers.Serializer):
    api = serializers.URLField(help_text=_("该年度计划的接口地址（交换格式 JSON）。"))
    page = serializers.URLField(help_text=_("该年度计划在公众网站上的页面。"))
    tasks = serializers.URLField(help_text=_("该年度计划的项目列表接口地址。"))


class ProgramSerializer(serializers.Serializer):
    jurisdiction = serializers.CharField(
        source="jurisdiction.code", help_text=_("行政区划代码（6 位），例如 440700。")
    )
    jurisdiction_name = serializers.CharField(
        source="jurisdiction.name", help_text=_("行政区名称，例如“江门市”。")
    )
    year = serializers.IntegerField(help_text=_("年度。"))
    title = serializers.CharField(help_text=_("文件标题，例如“2024年江门市十件民生实事”。"))
    declared_items = serializers.IntegerField(
        allow_null=True, help_text=_("文件所称项数（“共N项”的 N）；文件未写明时为 null。")
    )
    task_count = serializers.IntegerField(help_text=_("已公开的项目（含子项）数。"))
    published_items = serializers.IntegerField(
        source="facts.items", help_text=_("已公开的项目数（子项并入所属项目计）。")
    )
    missing_items = serializers.ListField(
        source="facts.missing",
        child=serializers.IntegerField(),
        help_text=_("文件所称项数之内、原文缺少的项目序号，例如 [22]。"),
    )
    kind = serializers.ChoiceField(
        source="facts.kind",
        choices=[("plan", "plan"), ("progress", "progress"), ("final", "final")],
        help_text=_(
            "计划所含内容：plan 年度计划（尚无进展）、progress 进展情况（有审核通过的报告）、"
            "final 完成情况（导入的完成情况汇总表）。"
        ),
    )
    label = serializers.SerializerMethodField(
        help_text=_("公众网站上的标签，例如“进展情况（截至2024年3月31日）”。")
    )
    as_of = serializers.DateField(
        source="facts.as_of", allow_null=True, help_text=_("最新进展的截至日期；尚无进展时为 null。")
    )
    completed_count = serializers.IntegerField(
        source="facts.completed",
        help_text=_("已完成的项目数（有子项的项目，子项全部完成才计为完成）。"),
    )
    completion_rate = serializers.SerializerMethodField(
        help_text=_(
            "完成率：已完成项目数占文件所称项目数（未写明时为公布的项目数）的百分比"
            "（0–100，保留一位小数）；尚无进展数据时为 null。"
        )
    )
    links = serializers.SerializerMethodField(help_text=_("相关地址。"))

    @extend_schema_field(serializers.CharField())
    def get_label(self, program) -> str:
        return program.facts.label()

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_completion_rate(self, program) -> float | None:
        summary = program.facts
        if summary.rate is None:
            return None
        return round(100 * summary.completed / summary.basis, 1)

    @extend_schema_field(ProgramLinksSerializer)
    def get_links(self, program) -> dict:
        request = self.context.get("request")
        code, year = program.jurisdiction.code, program.year
        return {
            "api": absolute(request, "api:program", code, year),
            "page": absolute(request, "portal:program", code, year),
            "tasks": absolute(request, "api:tasks", query=f"jurisdiction={code}&year={year}"),
        }


# -- programs/<code>/<year>/: the interchange JSON (docs/interchange.md), for the schema ----


class InterchangeCategorySerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text=_("大类序号（一、二、三……即 1、2、3）。"))
    name = serializers.CharField(help_text=_("大类名称，例如“提高底线民生保障水平”。"))
    declared_items = serializers.IntegerField(
        allow_null=True, help_text=_("该大类所称项数；未写明时为 null。")
    )


class InterchangeUnitSerializer(serializers.Serializer):
    name = serializers.CharField(help_text=_("责任单位的规范名称。"))
    person = serializers.CharField(help_text=_("责任人；未写明时为空字符串。"))
    lead = serializers.BooleanField(help_text=_("是否为牵头单位。"))


class InterchangeMilestoneSerializer(serializers.Serializer):
    due = serializers.DateField(help_text=_("截止日期（YYYY-MM-DD）。"))
    text = serializers.CharField(help_text=_("节点目标。"))
    quarters = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=4),
        min_length=2,
        max_length=2,
        required=False,
        help_text=_("季度目标的起止季度 [起, 止]；仅季度目标有此字段。"),
    )


class InterchangeTaskSerializer(serializers.Serializer):
    number = serializers.CharField(help_text=_("序号：“14”，子项写作“14(1)”。"))
    category = serializers.IntegerField(help_text=_("所属大类的序号。"))
    title = serializers.CharField(allow_null=True, help_text=_("事项名称；没有时为 null。"))
    content = serializers.CharField(help_text=_("工作任务（不含“（牵头单位：…）”注释）。"))
    city_level = serializers.BooleanField(help_text=_("★：同时是市民生实事内容。"))
    leaders = serializers.ListField(
        child=serializers.CharField(), help_text=_("分管领导，按文件顺序。")
    )
    units = InterchangeUnitSerializer(many=True, help_text=_("责任单位，按文件顺序。"))
    deadline = serializers.DateField(allow_null=True, help_text=_("完成时限；没有时为 null。"))
    status = serializers.ChoiceField(choices=TaskStatus.choices, help_text=_("状态。"))
    progress = serializers.CharField(
        allow_null=True,
        help_text=_("最新进展（导入的完成情况或督查室审核通过的报告）；没有时为 null。"),
    )
    milestones = InterchangeMilestoneSerializer(many=True, help_text=_("节点目标，按日期排列。"))


class InterchangeProgramSerializer(serializers.Serializer):
    format = serializers.ChoiceField(
        choices=[("minsheng-program", "minsheng-program")], help_text=_("固定为“minsheng-program”。")
    )
    version = serializers.IntegerField(help_text=_("交换格式的版本，目前为 1。"))
    jurisdiction = serializers.CharField(help_text=_("行政区划代码（6 位）。"))
    jurisdiction_name = serializers.CharField(help_text=_("行政区名称。"))
    year = serializers.IntegerField(help_text=_("年度。"))
    title = serializers.CharField(help_text=_("文件标题。"))
    declared_items = serializers.IntegerField(
        allow_null=True, help_text=_("文件所称项数（共N项）；没有时为 null。")
    )
    declared_matters = serializers.IntegerField(
        allow_null=True, help_text=_("文件所称件数（共N件）；没有时为 null。")
    )
    cadence = serializers.ChoiceField(
        choices=Cadence.choices, help_text=_("进展报送周期：monthly 每月，quarterly 每季度。")
    )
    categories = InterchangeCategorySerializer(many=True, help_text=_("大类，按序号排列。"))
    tasks = InterchangeTaskSerializer(many=True, help_text=_("项目，按序号排列。"))


# -- tasks/ -----------------------------------------------------------------------------


class UnitSerializer(serializers.Serializer):
    name = serializers.CharField(source="unit.name", help_text=_("责任单位名称。"))
    person = serializers.CharField(help_text=_("责任人；未写明时为空字符串。"))
    lead = serializers.BooleanField(source="is_lead", help_text=_("是否为牵头单位。"))


class MilestoneSerializer(serializers.Serializer):
    due = serializers.DateField(help_text=_("截止日期；批准延期后为新的日期。"))
    original_due = serializers.DateField(
        allow_null=True, help_text=_("批准延期或调整前的原定截止日期；未调整时为 null。")
    )
    text = serializers.CharField(help_text=_("节点目标。"))
    done_on = serializers.DateField(
        allow_null=True, help_text=_("完成日期（经督查室审核）；未完成时为 null。")
    )
    state = serializers.SerializerMethodField(
        help_text=_(
            "今天的状态：done 已完成（项目已完成时其全部节点均视为完成）、overdue 已逾期、"
            "due_soon 即将到期（在该行政区设定的天数内到期）、pending 未到期。"
        )
    )

    @extend_schema_field(serializers.ChoiceField(choices=MilestoneState.choices))
    def get_state(self, milestone) -> str:
        return milestone.state(timezone.localdate())


class TaskLinksSerializer(serializers.Serializer):
    program = serializers.URLField(help_text=_("所属年度计划的接口地址。"))
    page = serializers.URLField(help_text=_("该项目在公众网站上的页面。"))


class TaskSerializer(serializers.Serializer):
    jurisdiction = serializers.CharField(
        source="program.jurisdiction.code", help_text=_("所属年度计划的行政区划代码。")
    )
    jurisdiction_name = serializers.CharField(
        source="program.jurisdiction.name", help_text=_("行政区名称。")
    )
    year = serializers.IntegerField(source="program.year", help_text=_("年度。"))
    number = serializers.CharField(help_text=_("序号：“14”，子项写作“14(1)”。"))
    category = serializers.CharField(source="category.name", help_text=_("所属大类名称。"))
    category_number = serializers.IntegerField(
        source="category.number", help_text=_("所属大类序号。")
    )
    title = serializers.SerializerMethodField(help_text=_("事项名称；没有时为 null。"))
    content = serializers.CharField(help_text=_("工作任务。"))
    city_level = serializers.BooleanField(help_text=_("★：同时是市民生实事内容。"))
    status = serializers.ChoiceField(
        choices=TaskStatus.choices,
        help_text=_("状态：not_started 未启动、in_progress 推进中、completed 已完成、behind 滞后。"),
    )
    status_display = serializers.CharField(
        source="get_status_display", help_text=_("状态的中文名称。")
    )
    lead_unit = serializers.SerializerMethodField(help_text=_("牵头单位名称；没有时为 null。"))
    units = UnitSerializer(
        source="assignments", many=True, help_text=_("全部责任单位（含牵头单位），按文件顺序。")
    )
    deadline = serializers.DateField(allow_null=True, help_text=_("完成时限；没有时为 null。"))
    progress = serializers.SerializerMethodField(
        help_text=_(
            "最新进展：导入的完成情况汇总表或督查室审核通过的单位报告；尚无时为 null。"
            "未审核的报告（草稿、待审核、已退回）不会出现。"
        )
    )
    progress_as_of = serializers.SerializerMethodField(
        help_text=_("最新进展的截至日期；尚无进展时为 null。")
    )
    milestones = MilestoneSerializer(many=True, help_text=_("节点目标，按截止日期排列。"))
    links = serializers.SerializerMethodField(help_text=_("相关地址。"))

    # The API draws these rows from values (api/documents.py); this generic walk over the
    # declared fields is what tests/api/test_documents.py holds them to.

    @staticmethod
    def _latest(task):
        return task.progress_records.order_by("-as_of", "-created", "-pk").first()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_title(self, task) -> str | None:
        return task.title or None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_lead_unit(self, task) -> str | None:
        lead = task.lead_unit
        return lead.name if lead else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_progress(self, task) -> str | None:
        record = self._latest(task)
        return record.narrative or None if record else None

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_progress_as_of(self, task):
        record = self._latest(task)
        return record.as_of.isoformat() if record else None

    @extend_schema_field(TaskLinksSerializer)
    def get_links(self, task) -> dict:
        request = self.context.get("request")
        code, year = task.program.jurisdiction.code, task.program.year
        return {
            "program": absolute(request, "api:program", code, year),
            "page": absolute(request, "portal:task", code, year, task.number),
        }
