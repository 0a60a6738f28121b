"""The read-only open-data API of the public portal.

Every queryset starts from `Program.objects.published()`: an unpublished program, and all its
items, do not exist here (404 on its URL, absent from every list). Progress comes only from
ProgressRecord (imported completion tables and unit reports the office approved); reports in
any other state, their narratives and their attachments are never read.
"""

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, OpenApiTypes, extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import generics
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.response import Response
from rest_framework.reverse import reverse

from portal import facts
from portal.cache import public_page
from projects.choices import TaskStatus
from projects.models import Program, Task

from . import documents
from .filters import ProgramFilter, TaskFilter
from .pagination import Pagination
from .serializers import InterchangeProgramSerializer, ProgramSerializer, TaskSerializer

PROGRAMS = _("年度计划")
TASKS = _("项目")
# The representation follows Accept (JSON or the browsable page): part of the cache key.
API_VARY = ("Accept",)
NO_PROGRAM = _("没有这个行政区该年度的已公开计划。")


def refresh_published():
    """Published tasks read past their state_valid_until are recomputed before any answer
    shows or filters on status."""
    Task.objects.filter(program__in=Program.objects.published()).refresh_stale(
        timezone.localdate()
    )


class ReadOnly:
    """GET, HEAD and OPTIONS for anyone; nothing else (405). A query parameter the endpoint
    does not know is refused (400, naming it) rather than silently ignored: `?search=学校`
    would otherwise answer everything as if it had filtered."""

    authentication_classes: list = []
    permission_classes: list = []
    http_method_names = ["get", "head", "options"]

    def allowed_parameters(self) -> list[str]:
        names = ["format"]
        filterset = getattr(self, "filterset_class", None)
        if filterset is not None:
            names += list(filterset.base_filters)
        pagination = getattr(self, "pagination_class", None)
        if pagination is not None and isinstance(self, generics.ListAPIView):
            names += [pagination.page_query_param, pagination.page_size_query_param]
        return names

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        allowed = self.allowed_parameters()
        unknown = [name for name in request.query_params if name not in allowed]
        if unknown:
            raise ParseError(
                _("未知的查询参数：%(unknown)s。可用的参数：%(allowed)s。")
                % {"unknown": _("、").join(unknown), "allowed": _("、").join(allowed)}
            )


class Docs(SpectacularSwaggerSplitView):
    """The Swagger UI page in the language asked for (?lang=en), with a heading and a main
    landmark (templates/drf_spectacular/swagger_ui.html)."""

    def dispatch(self, request, *args, **kwargs):
        lang = request.GET.get("lang")
        if lang not in dict(settings.LANGUAGES):
            lang = translation.get_language()
        with translation.override(lang):
            response = super().dispatch(request, *args, **kwargs)
            return response.render() if hasattr(response, "render") else response


@extend_schema(exclude=True)
@api_view(["GET"])
def root(request, format=None):
    """民生实事开放数据接口：各接口的地址。"""
    return Response(
        {
            "programs": reverse("api:programs", request=request, format=format),
            "tasks": reverse("api:tasks", request=request, format=format),
            "schema": reverse("api:schema", request=request),
            "docs": reverse("api:docs", request=request),
        }
    )


@extend_schema(
    tags=[PROGRAMS],
    summary=_("已公开的年度计划"),
    description=_(
        "各行政区已公开的民生实事年度计划，按年度从新到旧、行政区划代码排列，每条含项目数、"
        "已完成项目数和完成率，以及该计划的接口地址和公众网站页面地址。未公开的计划不会出现。"
    ),
)
@method_decorator(public_page(scope="global", vary=API_VARY), name="dispatch")
class ProgramList(ReadOnly, generics.ListAPIView):
    serializer_class = ProgramSerializer
    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = ProgramFilter

    def get_queryset(self):
        return (
            Program.objects.published()
            .select_related("jurisdiction")
            .annotate(
                task_count=Count("tasks"),
                completed_count=Count("tasks", filter=Q(tasks__status=TaskStatus.COMPLETED)),
            )
            .order_by("-year", "jurisdiction__code", "pk")
        )

    def list(self, request, *args, **kwargs):
        refresh_published()
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        # One more query: the counts the portal shows (portal.facts), for the page's programs.
        summaries = facts.programs_facts(page)
        for program in page:
            program.facts = summaries[program.pk]
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(
    tags=[PROGRAMS],
    summary=_("一个年度计划（交换格式）"),
    description=_(
        "一个已公开年度计划的全部内容：大类、项目、分管领导、责任单位和责任人、完成时限、"
        "状态、最新进展和节点目标，格式与 `manage.py export_program` 导出的交换格式 JSON"
        "（docs/interchange.md）完全相同，可直接用 `import_document` 导入。"
        "计划不存在或未公开时返回 404。"
    ),
    parameters=[
        OpenApiParameter(
            "code", OpenApiTypes.STR, OpenApiParameter.PATH,
            description=_("行政区划代码（6 位），例如 440700。"),
        ),
        OpenApiParameter(
            "year", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("年度，例如 2024。")
        ),
    ],
    responses={
        200: InterchangeProgramSerializer,
        404: OpenApiResponse(description=NO_PROGRAM),
    },
)
@method_decorator(public_page(vary=API_VARY), name="dispatch")
class ProgramDetail(ReadOnly, generics.RetrieveAPIView):
    serializer_class = InterchangeProgramSerializer

    def retrieve(self, request, *args, **kwargs):
        # Built from rows (api/documents.py): the same document as facts.public_data.
        document = documents.program_document(
            self.kwargs["code"], self.kwargs["year"], timezone.localdate()
        )
        if document is None:
            raise NotFound(NO_PROGRAM)
        return Response(document)


@extend_schema(
    tags=[TASKS],
    summary=_("已公开的项目"),
    description=_(
        "所有已公开年度计划中的项目（含子项），按年度从新到旧、行政区划代码、序号排列："
        "工作任务、状态、牵头单位和责任单位、完成时限、节点目标，以及最新进展及其截至日期。"
        "进展只来自导入的完成情况汇总表和督查室审核通过的单位报告。"
        "可按行政区、年度、状态筛选，并用 q 按关键词查找。"
    ),
)
@method_decorator(public_page(scope="global", vary=API_VARY), name="dispatch")
class TaskList(ReadOnly, generics.ListAPIView):
    serializer_class = TaskSerializer
    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = TaskFilter

    def list(self, request, *args, **kwargs):
        refresh_published()
        # Rows built from values (api/documents.py), the fields TaskSerializer declares: a
        # fixed number of queries whatever the page size, the count, the page's tasks with
        # their latest statement, their units and their milestones.
        tasks = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(documents.task_values(tasks))
        return self.get_paginated_response(
            documents.task_rows(page, request, timezone.localdate())
        )

    def get_queryset(self):
        return Task.objects.filter(program__in=Program.objects.published()).order_by(
            "-program__year", "program__jurisdiction__code", "sort_key", "pk"
        )
