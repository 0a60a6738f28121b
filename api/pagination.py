from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """50 rows a page; `?page_size=` asks for up to 200."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    page_query_description = _("页码，从 1 开始。")
    page_size_query_description = _("每页条数，默认 50，最多 200。")
