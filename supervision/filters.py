"""The dashboard's filters (django-filter): jurisdiction, year, category, unit, leader, light.

The jurisdictions on offer are the login's scope (a city office: its own and its districts';
an administrator: all); years, categories, units and leaders follow the one chosen. A value
outside them makes the form invalid, and the dashboard then shows the error and no figures.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from projects.choices import Light
from projects.models import Category, Leader, Task, TaskLeader, TaskUnit, Unit


class DashboardFilter(django_filters.FilterSet):
    jurisdiction = django_filters.ChoiceFilter(
        label=_("行政区"), empty_label=_("全部行政区"), method="filter_jurisdiction"
    )
    year = django_filters.ChoiceFilter(field_name="program__year", label=_("年度"), empty_label=None)
    category = django_filters.CharFilter(
        field_name="category__name", label=_("大类"), widget=forms.Select
    )
    unit = django_filters.ModelChoiceFilter(
        queryset=Unit.objects.none(), label=_("责任单位"), method="filter_unit",
        empty_label=_("全部单位"),
    )
    leader = django_filters.ModelChoiceFilter(
        queryset=Leader.objects.none(), label=_("分管领导"), method="filter_leader",
        empty_label=_("全部领导"),
    )
    light = django_filters.ChoiceFilter(
        choices=Light.choices, label=_("预警灯"), empty_label=_("全部")
    )
    window = django_filters.NumberFilter(
        label=_("临期天数"), method="keep", min_value=0, max_value=90,
        help_text=_("列出多少天内到期的节点"),
    )

    class Meta:
        model = Task
        fields = []

    def __init__(self, data=None, *args, scope, **kwargs):
        data = data.copy() if data is not None else {}
        self.scope = scope
        # The scope's jurisdictions, read once: choices, validation and the roll-up's rows.
        self.jurisdictions = list(scope.jurisdictions().order_by("path"))
        if not data.get("jurisdiction") and scope.office is not None:
            data["jurisdiction"] = str(scope.office.pk)
        chosen = str(data.get("jurisdiction") or "")
        # The chosen jurisdiction, or None: all of them (an administrator) or one refused.
        self.jurisdiction = next((j for j in self.jurisdictions if str(j.pk) == chosen), None)
        years = years_in_scope(scope, self.jurisdiction)
        if not data.get("year") and years:
            data["year"] = str(years[0])
        super().__init__(data, *args, queryset=scope.tasks(), **kwargs)

        field = self.filters["jurisdiction"]
        top = min((j.path.count("/") for j in self.jurisdictions), default=0)
        field.extra["choices"] = [
            (j.pk, "\u3000" * (j.path.count("/") - top) + j.name) for j in self.jurisdictions
        ]
        if scope.office is not None:
            field.extra["empty_label"] = None
        self.filters["year"].extra["choices"] = [(y, f"{y}") for y in years]

        categories = Category.objects.none()
        year = data.get("year")
        if self.jurisdiction is not None:
            self.filters["unit"].queryset = Unit.objects.filter(jurisdiction=self.jurisdiction)
            self.filters["leader"].queryset = Leader.objects.filter(
                jurisdiction=self.jurisdiction
            )
            categories = Category.objects.filter(program__jurisdiction=self.jurisdiction)
        elif scope.is_admin and not chosen:
            categories = Category.objects.all()
        names = []
        if str(year).isdigit():
            names = list(
                categories.filter(program__year=year)
                .order_by("name")
                .values_list("name", flat=True)
                .distinct()
            )
        self.filters["category"].extra["widget"] = forms.Select(
            choices=[("", _("全部大类")), *[(n, n) for n in names]]
        )

    def filter_jurisdiction(self, queryset, name, value):
        return queryset.filter(program__jurisdiction=value)

    def filter_unit(self, queryset, name, unit):
        return queryset.filter(
            Exists(TaskUnit.objects.filter(task=OuterRef("pk"), unit=unit))
        )

    def filter_leader(self, queryset, name, leader):
        return queryset.filter(
            Exists(TaskLeader.objects.filter(task=OuterRef("pk"), leader=leader))
        )

    def keep(self, queryset, name, value):
        return queryset  # the window shapes the lists, not the tasks

    @property
    def rolls_up(self) -> bool:
        """The chosen jurisdiction (all of them, for an administrator) has others below it
        in scope: the dashboard first shows one row per jurisdiction."""
        if self.jurisdiction is None:
            return len(self.jurisdictions) > 1
        return any(j.parent_id == self.jurisdiction.pk for j in self.jurisdictions)


def years_in_scope(scope, jurisdiction=None) -> list[int]:
    """Programme years the login can look at, newest first: those of `jurisdiction` and the
    jurisdictions below it, when one is chosen."""
    programs = scope.programs()
    if jurisdiction is not None:
        programs = programs.filter(jurisdiction__path__startswith=jurisdiction.path)
    return sorted(set(programs.values_list("year", flat=True)), reverse=True)
