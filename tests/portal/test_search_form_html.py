"""The search form's selects are drawn in Python (portal.forms.OptionsSelect) for speed;
their HTML is exactly what Django's Select templates draw."""

import pytest
from django import forms

from portal.forms import OptionsSelect, SearchForm

pytestmark = pytest.mark.django_db

CHOICES = [
    ("", "全部"),
    (2024, 2024),
    ("A&B", "甲&乙 <局>"),
    ('say "hi"', "引号"),
    ("分组", [("x", "组内一"), ("y", "组内二")]),
]


@pytest.mark.parametrize("value", ["", 2024, "A&B", "y", None, ["x"]])
def test_the_fast_select_draws_the_same_html_as_django_s_select(value):
    attrs = {"id": "id_f", "data-note": 'a "quoted" <value>', "disabled": False, "hidden": True}
    fast = OptionsSelect(attrs=attrs, choices=CHOICES).render("f", value)
    django = forms.Select(attrs=attrs, choices=CHOICES).render("f", value)
    assert fast == django


def test_the_search_form_draws_the_same_selects_as_before(world, import_seed):
    world.program.publish()
    import_seed("003").program.publish()
    data = {"q": "学校", "year": "2024", "jurisdiction": "440783", "unit": "市民政局",
            "status": "completed"}
    form = SearchForm(data)
    assert form.is_valid()
    for name in ("jurisdiction", "year", "category", "unit", "status"):
        field = form[name]
        plain = forms.Select(attrs=field.field.widget.attrs, choices=field.field.choices)
        plain.is_required = field.field.widget.is_required
        fast = str(field)
        assert "<option" in fast and "selected" in fast or name == "category"
        assert fast == field.as_widget(widget=plain)
