"""Links that keep the dashboard's query: sort a list, turn its page."""

from django import template
from django.utils.html import format_html

register = template.Library()


def _query(request, **changes) -> str:
    params = request.GET.copy()
    for name, value in changes.items():
        params.pop(name, None)
        if value not in (None, ""):
            params[name] = value
    return params.urlencode()


@register.simple_tag(takes_context=True)
def sort_link(context, prefix: str, key: str, label: str):
    """A column header that sorts list `prefix` by `key` (again: the other way), back at
    the list's heading."""
    request = context["request"]
    current = request.GET.get(f"{prefix}_sort", "")
    value = f"-{key}" if current == key else key
    mark = " ▲" if current == key else " ▼" if current == f"-{key}" else ""
    query = _query(request, **{f"{prefix}_sort": value, f"{prefix}_page": None})
    return format_html(
        '<a class="sort" href="?{}#{}-heading">{}{}</a>', query, prefix, label, mark
    )


@register.simple_tag(takes_context=True)
def page_link(context, prefix: str, page: int):
    request = context["request"]
    return "?" + _query(request, **{f"{prefix}_page": page}) + f"#{prefix}-heading"


@register.simple_tag(takes_context=True)
def here(context, anchor: str):
    """This page's URL with its query, at `anchor`: where a form sends the office back."""
    return context["request"].get_full_path() + f"#{anchor}"
