"""Links that keep the dashboard's query (sort a list, turn its page), and the rows of its
per-unit and per-leader tables."""

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html, format_html_join

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


@register.simple_tag(takes_context=True)
def person_rows(context, rows):
    """The rows of a per-unit or per-leader table, the same bytes as rendering each cell in
    the template would give, in a fraction of the time: an administrator's table has a row
    per unit of every jurisdiction (~2,000), and each cell went through the template engine's
    lookup and localisation. Localised figures repeat, so each distinct one is formatted once."""
    use_l10n = context.use_l10n
    shown = {}

    def figure(value):
        if value not in shown:
            shown[value] = conditional_escape(localize(value, use_l10n=use_l10n))
        return shown[value]

    return format_html_join(
        "\n  ",
        '<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>',
        (
            (
                row.name, figure(row.tasks), figure(row.red), figure(row.overdue),
                figure(row.missing),
                "—" if row.average_days_late is None else figure(row.average_days_late),
            )
            for row in rows
        ),
    )
