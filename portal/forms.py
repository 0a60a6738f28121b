from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from projects.choices import TaskStatus
from projects.models import Jurisdiction, TaskUnit


class SearchForm(forms.Form):
    """Search published items across years and jurisdictions (Chinese substring match)."""

    q = forms.CharField(
        label=_("关键词"), required=False, max_length=50,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("如：幼儿园、市民政局")}),
    )
    jurisdiction = forms.ModelChoiceField(
        label=_("行政区"), queryset=Jurisdiction.objects.all(), required=False,
        empty_label=_("全部"), to_field_name="code",
    )
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    category = forms.CharField(label=_("大类"), required=False, max_length=50)
    unit = forms.CharField(label=_("责任单位"), required=False, max_length=50)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *TaskStatus.choices]
    )

    def clean(self):
        data = super().clean()
        if not any(data.get(k) for k in ("q", "jurisdiction", "year", "category", "unit", "status")):
            raise forms.ValidationError(_("请输入关键词或选择筛选条件。"))
        return data

    def search(self, tasks):
        data = self.cleaned_data
        if data.get("q"):
            for word in data["q"].split():
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
            tasks = tasks.filter(category__name__icontains=data["category"])
        if data.get("unit"):
            tasks = tasks.filter(
                Exists(TaskUnit.objects.filter(task=OuterRef("pk"), unit__name__icontains=data["unit"]))
            )
        if data.get("status"):
            tasks = tasks.filter(status=data["status"])
        return tasks.order_by("-program__year", "program__jurisdiction__code", "sort_key")
