from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from projects.models import Category, Jurisdiction, Program, TaskUnit, Unit

from . import facts


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html in Python."""
    return "".join(
        f" {conditional_escape(name)}"
        + ("" if value is True else f'="{conditional_escape(str(value))}"')
        for name, value in attrs.items()
        if value is not False
    )


class OptionsSelect(forms.Select):
    """Django's Select drawn by Python: the same HTML as its templates, without rendering
    one template per option (the unit select of the search form has over a hundred, which
    was half the time of the search page)."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = [choice for choice in self.choices]  # noqa: C416 - list() would count first
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)  # Django's own templates
        # Select.optgroups() without its dict per option: the first option whose value
        # is among the selected ones is marked, as Django marks it.
        wanted, marked = set(self.format_value(value)), False
        select_attrs = mark_safe(_attrs(self.build_attrs(self.attrs, attrs)))  # noqa: S308
        html = [format_html('<select name="{}"{}>', name, select_attrs)]
        for option_value, label in choices:
            option_value = "" if option_value is None else str(option_value)
            selected = not marked and option_value in wanted
            marked |= selected
            html.append(
                f'\n  <option value="{conditional_escape(option_value)}"'
                f'{" selected" if selected else ""}>{conditional_escape(label)}</option>\n'
            )
        html.append("\n</select>")
        return mark_safe("".join(html))  # noqa: S308 - every value escaped above


def _once(choices):
    """`choices` read at most once per form: checking a value and drawing the select share
    one query."""
    found = []

    def read():
        if not found:
            found.append(choices())
        return found[0]

    return read


class SearchForm(forms.Form):
    """Search published items across years and jurisdictions (Chinese substring match).

    Jurisdiction, year, category and unit are offered only as published data holds them,
    so every choice finds something."""

    q = forms.CharField(
        label=_("关键词"), required=False, max_length=50,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("如：幼儿园、市民政局")}),
    )
    jurisdiction = forms.ModelChoiceField(
        label=_("行政区"), queryset=Jurisdiction.objects.none(), required=False,
        empty_label=_("全部"), to_field_name="code", widget=OptionsSelect,
    )
    year = forms.TypedChoiceField(
        label=_("年度"), required=False, coerce=int, empty_value=None, widget=OptionsSelect
    )
    category = forms.ChoiceField(label=_("大类"), required=False, widget=OptionsSelect)
    unit = forms.ChoiceField(label=_("责任单位"), required=False, widget=OptionsSelect)
    # The statuses the public pages show (portal/facts.py), 暂无进展数据 included; the
    # view filters on them, as they come from the statements and not from Task.status.
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        widget=OptionsSelect,
        choices=[("", _("全部")), *((s, facts.STATUS_LABELS[s]) for s in facts.STATUS_ORDER)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        published = Program.objects.published()
        self.fields["jurisdiction"].queryset = Jurisdiction.objects.filter(
            Exists(published.filter(jurisdiction=OuterRef("pk")))
        )
        everything = [("", _("全部"))]

        # Callables: read only when the select is drawn or checked (the home page shows
        # the keyword box alone and runs none of these queries).
        def years():
            found = published.order_by("-year").values_list("year", flat=True).distinct()
            return everything + [(y, y) for y in found]

        def categories():
            found = (
                Category.objects.filter(program__in=published)
                .order_by("name").values_list("name", flat=True).distinct()
            )
            return everything + [(c, c) for c in found]

        def units():
            found = (
                Unit.objects.filter(assignments__task__program__in=published)
                .order_by("name").values_list("name", flat=True).distinct()
            )
            return everything + [(u, u) for u in found]

        self.fields["year"].choices = _once(years)
        self.fields["category"].choices = _once(categories)
        self.fields["unit"].choices = _once(units)

    def clean(self):
        data = super().clean()
        if not any(data.get(k) for k in ("q", "jurisdiction", "year", "category", "unit", "status")):
            raise forms.ValidationError(_("请输入关键词或选择筛选条件。"))
        return data

    @property
    def words(self) -> list[str]:
        return (self.cleaned_data.get("q") or "").split() if self.is_valid() else []

    def search(self, tasks):
        data = self.cleaned_data
        for word in self.words:
            units = TaskUnit.objects.filter(task=OuterRef("pk"), unit__name__icontains=word)
            tasks = tasks.filter(
                Q(content__icontains=word)
                | Q(title__icontains=word)
                | Q(category__name__icontains=word)
                | Exists(units)
            )
        if data.get("jurisdiction"):
            tasks = tasks.filter(program__jurisdiction=data["jurisdiction"])
        if data.get("year"):
            tasks = tasks.filter(program__year=data["year"])
        if data.get("category"):
            tasks = tasks.filter(category__name=data["category"])
        if data.get("unit"):
            tasks = tasks.filter(
                Exists(TaskUnit.objects.filter(task=OuterRef("pk"), unit__name=data["unit"]))
            )
        return tasks.order_by("-program__year", "program__jurisdiction__code", "sort_key")
