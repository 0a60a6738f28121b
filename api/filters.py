"""Query parameters of the list endpoints (django-filter; described in the OpenAPI schema)."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from projects.choices import TaskStatus
from projects.models import Program, Task, TaskUnit


class ProgramFilter(django_filters.FilterSet):
    jurisdiction = django_filters.CharFilter(
        field_name="jurisdiction__code",
        label=_("行政区划代码（6 位），例如 440700 江门市、440783 开平市。"),
    )
    year = django_filters.NumberFilter(field_name="year", label=_("年度，例如 2024。"))

    class Meta:
        model = Program
        fields = ["jurisdiction", "year"]


class TaskFilter(django_filters.FilterSet):
    jurisdiction = django_filters.CharFilter(
        field_name="program__jurisdiction__code",
        label=_("行政区划代码（6 位），例如 440783。"),
    )
    year = django_filters.NumberFilter(field_name="program__year", label=_("年度，例如 2024。"))
    status = django_filters.ChoiceFilter(
        choices=TaskStatus.choices,
        label=_("状态：not_started 未启动、in_progress 推进中、completed 已完成、behind 滞后。"),
    )
    q = django_filters.CharFilter(
        method="search",
        label=_(
            "关键词（可用空格分隔多个，须全部出现）：在工作任务、事项名称、大类名称和责任单位"
            "名称中查找，例如“幼儿园”或“市民政局”。"
        ),
    )

    class Meta:
        model = Task
        fields = ["jurisdiction", "year", "status", "q"]

    def search(self, queryset, name, value):
        for word in value.split():
            units = TaskUnit.objects.filter(task=OuterRef("pk"), unit__name__icontains=word)
            queryset = queryset.filter(
                Q(content__icontains=word)
                | Q(title__icontains=word)
                | Q(category__name__icontains=word)
                | Exists(units)
            )
        return queryset
