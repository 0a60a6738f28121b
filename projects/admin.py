"""Admin for the plan, used by the government office.

A unit or leader name only means something inside its jurisdiction (开平's 市民政局 is not
江门's), so choices are labelled with their jurisdiction or narrowed to it.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportActionMixin

from accounts.admin_site import ScopedAdmin, ScopedChoices, scoped_choices
from accounts.scope import scope_of

from .choices import MilestoneState, TaskStatus
from .forms import MergeUnitsForm
from .models import (
    Category,
    Jurisdiction,
    Leader,
    Milestone,
    Program,
    Task,
    TaskLeader,
    TaskUnit,
    Unit,
    UnitAlias,
)
from .resources import TaskResource, TextCSV, TextXLSX

admin.site.site_header = _("江门市民生实事管理")
admin.site.site_title = _("江门市民生实事")


def selected_jurisdiction(request):
    """The jurisdiction picked in a changelist filter, whichever relation leads to it."""
    for key, value in request.GET.items():
        if key.endswith("jurisdiction__id__exact") and value.isdigit():
            return int(value)
    return None


class JurisdictionScopedFilter(admin.RelatedFieldListFilter):
    """Choices labelled with their jurisdiction and, once one is picked, only its own."""

    jurisdiction_path = "jurisdiction"

    def field_choices(self, field, request, model_admin):
        choices = field.related_model._default_manager.select_related(self.jurisdiction_path)
        # Only the login's own choices: another jurisdiction's unit names are not its business.
        choices = scoped_choices(model_admin.admin_site, request, choices, acting=False)
        if jurisdiction := selected_jurisdiction(request):
            choices = choices.filter(**{f"{self.jurisdiction_path}__pk": jurisdiction})
        return [(obj.pk, self.label_for(obj)) for obj in choices]

    def label_for(self, obj):
        return f"{obj}（{obj.jurisdiction}）"


class CategoryFilter(JurisdictionScopedFilter):
    jurisdiction_path = "program__jurisdiction"

    def label_for(self, category):
        return f"{category.program} {category}"


def limit_to_jurisdiction(formfield, jurisdiction_id):
    formfield.queryset = formfield.queryset.filter(jurisdiction=jurisdiction_id)


class TaskCountMixin:
    """A 项数 column counted in the changelist query rather than once per row."""

    task_count_path = "tasks"

    def get_queryset(self, request):
        task_count = Count(self.task_count_path, distinct=True)
        return super().get_queryset(request).annotate(task_count=task_count)

    @admin.display(description=_("项数"), ordering="task_count")
    def task_count(self, obj):
        return obj.task_count



@admin.register(Jurisdiction)
class JurisdictionAdmin(ScopedAdmin, admin.ModelAdmin):
    scope_path = ""
    list_display = [
        "code", "name", "short_name", "parent", "parent_office_may_act", "warning_days",
        "yellow_gap", "red_gap",
    ]
    list_select_related = ["parent"]
    list_filter = ["parent"]
    search_fields = ["code", "name", "short_name", "other_names"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"warning_days", "yellow_gap", "red_gap"} & set(form.changed_data):
            # The office changed how it reads the lights: every open task is read again.
            tasks = Task.objects.filter(program__jurisdiction=obj).exclude(
                status=TaskStatus.COMPLETED
            )
            for task in tasks.select_related("program__jurisdiction"):
                task.refresh_state()


class CategoryInline(ScopedChoices, admin.TabularInline):
    model = Category
    fields = ["number", "name", "declared_items"]
    extra = 0


@admin.register(Program)
class ProgramAdmin(ScopedAdmin, TaskCountMixin, admin.ModelAdmin):
    list_display = ["jurisdiction", "year", "title", "task_count", "is_published"]
    list_display_links = ["title"]
    list_filter = ["jurisdiction", "year", "is_published", "cadence"]
    list_select_related = ["jurisdiction"]
    search_fields = ["title", "jurisdiction__name"]
    inlines = [CategoryInline]
    readonly_fields = ["downloads", "published_at"]
    actions = ["publish", "unpublish"]

    def managed(self, request, queryset):
        scope = scope_of(request.user)
        return [p for p in queryset.select_related("jurisdiction") if scope.may_manage_program(p)]

    @admin.action(description=_("公开所选年度计划"), permissions=["change"])
    def publish(self, request, queryset):
        count = sum(program.publish() for program in self.managed(request, queryset))
        self.message_user(request, _("已公开 %(count)s 个年度计划。") % {"count": count})

    @admin.action(description=_("取消公开所选年度计划"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = sum(program.unpublish() for program in self.managed(request, queryset))
        self.message_user(request, _("已取消公开 %(count)s 个年度计划。") % {"count": count})

    @admin.display(description=_("下载"))
    def downloads(self, program):
        if not program.pk:
            return "—"
        links = [
            (f"{reverse('importers:download', args=[program.pk, fmt])}?table={table}", label)
            for table, table_label in (("plan", _("任务分解表")), ("summary", _("完成情况汇总表")))
            for fmt, label in (("docx", f"{table_label} Word"), ("xlsx", f"{table_label} Excel"))
        ]
        links.append((reverse("importers:download", args=[program.pk, "json"]), _("交换格式 JSON")))
        return format_html_join(" · ", '<a href="{}" download>{}</a>', links)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"cadence", "report_due_rule", "first_report_due", "year"} & set(
            form.changed_data
        ):
            # The reporting periods moved: every task's next report due moves with them.
            for task in obj.tasks.select_related("program__jurisdiction"):
                task.refresh_state()


@admin.register(Category)
class CategoryAdmin(ScopedAdmin, TaskCountMixin, admin.ModelAdmin):
    scope_path = "program__jurisdiction"
    list_display = ["__str__", "program", "declared_items", "task_count"]
    list_filter = ["program__jurisdiction", "program__year"]
    list_select_related = ["program__jurisdiction"]
    search_fields = ["name", "program__title"]


@admin.register(Leader)
class LeaderAdmin(ScopedAdmin, TaskCountMixin, admin.ModelAdmin):
    list_display = ["name", "jurisdiction", "task_count"]
    list_filter = ["jurisdiction"]
    list_select_related = ["jurisdiction"]
    search_fields = ["name"]


class UnitAliasFormSet(BaseInlineFormSet):
    """Refuses an alias already taken in the unit's jurisdiction.

    The row takes its jurisdiction from the unit instead of a form field, so the model's
    uniqueness constraint is not checked by the form and would otherwise fail on save.
    """

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            name = form.cleaned_data.get("name")
            if not name or self._should_delete_form(form):
                continue
            taken = UnitAlias.objects.filter(
                jurisdiction=self.instance.jurisdiction_id, name=name
            ).exclude(pk=form.instance.pk)
            if name in seen or taken.exists():
                form.add_error("name", _("该行政区已有同样的单位别名。"))
            seen.add(name)


class UnitAliasInline(ScopedChoices, admin.TabularInline):
    model = UnitAlias
    formset = UnitAliasFormSet
    fields = ["name"]
    extra = 0


@admin.register(Unit)
class UnitAdmin(ScopedAdmin, TaskCountMixin, admin.ModelAdmin):
    task_count_path = "assignments"
    list_display = ["name", "jurisdiction", "alias_list", "task_count"]
    list_filter = ["jurisdiction"]
    list_select_related = ["jurisdiction"]
    search_fields = ["name", "aliases__name"]
    fields = ["jurisdiction", "name"]
    inlines = [UnitAliasInline]
    actions = ["merge_units"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

    @admin.display(description=_("别名"))
    def alias_list(self, unit):
        return "、".join(alias.name for alias in unit.aliases.all())

    @admin.action(description=_("合并所选单位"), permissions=["change", "delete"])
    def merge_units(self, request, queryset):
        """Fold the selected units into the one the user keeps, after a confirmation page."""
        if len({unit.jurisdiction_id for unit in queryset}) > 1:
            self.message_user(request, gettext("只能合并同一行政区的责任单位。"), messages.ERROR)
            return None
        units = queryset.order_by("-task_count", "name")
        if len(units) < 2:
            self.message_user(request, gettext("请至少选择两个单位。"), messages.WARNING)
            return None

        if "confirm" in request.POST:
            form = MergeUnitsForm(request.POST, units=units)
        else:
            form = MergeUnitsForm(initial={"keep": units[0].pk}, units=units)
        if form.is_valid():
            keep = form.cleaned_data["keep"]
            others = [unit for unit in units if unit.pk != keep.pk]
            with transaction.atomic():
                for other in others:
                    keep.merge(other)
            message = ngettext(
                "已将 %(count)d 个单位并入“%(unit)s”。",
                "已将 %(count)d 个单位并入“%(unit)s”。",
                len(others),
            ) % {"count": len(others), "unit": keep.name}
            self.message_user(request, message, messages.SUCCESS)
            return None

        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "title": _("合并责任单位"),
            "opts": self.opts,
            "form": form,
        }
        return TemplateResponse(request, "admin/projects/unit/merge.html", context)


@admin.register(UnitAlias)
class UnitAliasAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["name", "unit", "jurisdiction"]
    list_filter = ["jurisdiction"]
    list_select_related = ["unit", "jurisdiction"]
    search_fields = ["name", "unit__name"]
    autocomplete_fields = ["unit"]


class TaskUnitFormSet(BaseInlineFormSet):
    """One lead per task, checked across the rows: each row alone only sees the database."""

    def clean(self):
        super().clean()
        leads = [
            form
            for form in self.forms
            if form.cleaned_data.get("is_lead") and not self._should_delete_form(form)
        ]
        if len(leads) > 1:
            raise ValidationError(_("每个项目只能有一个牵头单位。"))


class TaskUnitInline(ScopedChoices, admin.TabularInline):
    model = TaskUnit
    formset = TaskUnitFormSet
    fields = ["position", "unit", "person", "is_lead"]
    ordering = ["position"]
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:
            limit_to_jurisdiction(formset.form.base_fields["unit"], obj.program.jurisdiction_id)
        return formset


class TaskLeaderInline(ScopedChoices, admin.TabularInline):
    model = TaskLeader
    fields = ["position", "leader"]
    ordering = ["position"]
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:
            limit_to_jurisdiction(formset.form.base_fields["leader"], obj.program.jurisdiction_id)
        return formset


class MilestoneColumns:
    @admin.display(description=_("时段"))
    def period(self, milestone):
        return milestone.period_label if milestone.pk else self.get_empty_value_display()

    @admin.display(description=_("状态"))
    def milestone_state(self, milestone):
        if milestone.pk is None:
            return self.get_empty_value_display()
        return MilestoneState(milestone.state(timezone.localdate())).label


class MilestoneInline(ScopedChoices, MilestoneColumns, admin.TabularInline):
    model = Milestone
    fields = [
        "position",
        "kind",
        "first_quarter",
        "last_quarter",
        "due",
        "period",
        "milestone_state",
        "reported_state",
        "done_on",
        "original_due",
        "text",
    ]
    readonly_fields = ["period", "milestone_state", "reported_state", "done_on", "original_due"]
    extra = 0

    def get_queryset(self, request):
        # Milestone.state() reads its task's status and its jurisdiction's window.
        return super().get_queryset(request).select_related("task__program__jurisdiction")


@admin.register(Task)
class TaskAdmin(ScopedAdmin, ExportActionMixin, admin.ModelAdmin):
    scope_path = "program__jurisdiction"
    resource_classes = [TaskResource]
    export_formats = [TextXLSX, TextCSV]
    to_encoding = "utf-8-sig"  # without the BOM, Excel on Chinese Windows reads a CSV as GBK
    list_display = [
        "item_number",
        "summary",
        "program",
        "category",
        "lead_unit",
        "status",
        "light",
        "next_report_due",
        "city_level",
    ]
    list_display_links = ["item_number", "summary"]
    list_filter = [
        "program__jurisdiction",
        "program__year",
        ("category", CategoryFilter),
        ("assignments__unit", JurisdictionScopedFilter),
        ("leaders", JurisdictionScopedFilter),
        "status",
        "light",
        "city_level",
    ]
    list_select_related = ["program__jurisdiction", "category"]
    search_fields = ["number", "title", "content", "assignments__unit__name", "assignments__person"]
    fields = [
        "program",
        "category",
        "number",
        "title",
        "content",
        "city_level",
        "deadline",
        ("target_value", "target_unit", "achieved_value"),
        ("status", "light", "next_report_due"),
    ]
    readonly_fields = ["status", "light", "next_report_due", "achieved_value"]
    inlines = [TaskUnitInline, TaskLeaderInline, MilestoneInline]

    def get_queryset(self, request):
        lead_unit = TaskUnit.objects.filter(task=OuterRef("pk"), is_lead=True).values("unit__name")
        return super().get_queryset(request).annotate(lead_unit_name=Subquery(lead_unit[:1]))

    def changelist_view(self, request, extra_context=None):
        Task.objects.refresh_stale()  # the list shows and filters on the stored state
        return super().changelist_view(request, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        Task.objects.refresh_stale()
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Milestones may have changed in the inline: status, light and due date follow.
        form.instance.refresh_state()

    def get_inlines(self, request, obj):
        # progress builds on projects; importing it here keeps that dependency one-way.
        from progress.admin import ProgressRecordInline

        return [*self.inlines, ProgressRecordInline]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "category" not in form.base_fields:
            return form  # a read-only view (a supervisor): nothing to choose from
        category = form.base_fields["category"]
        category.queryset = category.queryset.select_related("program__jurisdiction")
        category.label_from_instance = lambda c: f"{c.program} {c}"
        if obj is not None:
            category.queryset = category.queryset.filter(program=obj.program_id)
        return form

    @admin.display(description=_("序号"), ordering="sort_key")
    def item_number(self, task):
        return task.number

    @admin.display(description=_("事项"))
    def summary(self, task):
        return task.title or Truncator(task.content).chars(40)

    @admin.display(description=_("牵头单位"), ordering="lead_unit_name")
    def lead_unit(self, task):
        return task.lead_unit_name


class MilestoneStateFilter(admin.SimpleListFilter):
    """The states of Milestone.state(), as queries (each jurisdiction's due-soon window)."""

    title = _("状态")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return MilestoneState.choices

    def queryset(self, request, queryset):
        if self.value() in MilestoneState.values:
            return queryset.in_state(self.value(), timezone.localdate())
        return queryset


@admin.register(Milestone)
class MilestoneAdmin(ScopedAdmin, MilestoneColumns, admin.ModelAdmin):
    scope_path = "task__program__jurisdiction"
    list_display = [
        "task",
        "task__program",
        "period",
        "due",
        "original_due",
        "milestone_state",
        "reported_state",
        "done_on",
        "kind",
    ]
    list_filter = [
        "task__program__jurisdiction",
        "task__program__year",
        ("task__category", CategoryFilter),
        ("task__assignments__unit", JurisdictionScopedFilter),
        MilestoneStateFilter,
        "kind",
    ]
    list_select_related = ["task__program__jurisdiction"]
    search_fields = ["task__number", "task__title", "task__content", "text"]
    autocomplete_fields = ["task"]
    date_hierarchy = "due"

    def changelist_view(self, request, extra_context=None):
        Task.objects.refresh_stale()  # a milestone of a completed task counts as done
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        obj.task.refresh_state()

    def delete_model(self, request, obj):
        task = obj.task
        super().delete_model(request, obj)
        task.refresh_state()


@admin.register(TaskUnit)
class TaskUnitAdmin(ScopedAdmin, admin.ModelAdmin):
    scope_path = "task__program__jurisdiction"
    list_display = ["task", "task__program", "unit", "person", "is_lead", "position"]
    list_filter = [
        "task__program__jurisdiction",
        "task__program__year",
        ("unit", JurisdictionScopedFilter),
        "is_lead",
    ]
    list_select_related = ["task__program__jurisdiction", "unit"]
    search_fields = ["task__number", "task__content", "unit__name", "person"]
    autocomplete_fields = ["task", "unit"]
