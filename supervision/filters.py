"""The dashboard's filters (django-filter): jurisdiction, year, category, unit, leader, light."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from projects.choices import Light
from projects.models import (
    Category,
    Jurisdiction,
    Leader,
    Program,
    Task,
    TaskLeader,
    TaskUnit,
    Unit,
)


class DashboardFilter(django_filters.FilterSet):
    jurisdiction = django_filters.ModelChoiceFilter(
        field_name="program__jurisdiction",
        queryset=Jurisdiction.objects.all(),
        label=_("行政区"),
        empty_label=_("全部行政区"),
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

    def __init__(self, data=None, *args, account=None, years=(), **kwargs):
        data = data.copy() if data is not None else {}
        self.account = account
        if account is not None:
            # A supervision office sees its own jurisdiction, whatever the URL says.
            data["jurisdiction"] = str(account.jurisdiction_id)
        if not data.get("year") and years:
            data["year"] = str(years[0])
        super().__init__(data, *args, **kwargs)
        self.filters["year"].extra["choices"] = [(y, f"{y}") for y in years]
        if account is not None:
            self.filters["jurisdiction"].queryset = Jurisdiction.objects.filter(
                pk=account.jurisdiction_id
            )
            self.filters["jurisdiction"].extra["empty_label"] = None
        jurisdiction_id = data.get("jurisdiction") or None
        if jurisdiction_id and str(jurisdiction_id).isdigit():
            self.filters["unit"].queryset = Unit.objects.filter(jurisdiction=jurisdiction_id)
            self.filters["leader"].queryset = Leader.objects.filter(jurisdiction=jurisdiction_id)
        year = data.get("year")
        names = []
        if str(year).isdigit():
            categories = Category.objects.filter(program__year=year)
            if jurisdiction_id and str(jurisdiction_id).isdigit():
                categories = categories.filter(program__jurisdiction=jurisdiction_id)
            names = list(
                categories.order_by("name").values_list("name", flat=True).distinct()
            )
        self.filters["category"].extra["widget"] = forms.Select(
            choices=[("", _("全部大类")), *[(n, n) for n in names]]
        )

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


def years_in_scope(account) -> list[int]:
    """Programme years the user can look at, newest first."""
    programs = Program.objects.all()
    if account is not None:
        programs = programs.filter(jurisdiction=account.jurisdiction_id)
    return sorted(set(programs.values_list("year", flat=True)), reverse=True)
