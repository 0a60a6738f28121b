from django import forms
from django.utils import translation
from django.utils.translation import gettext as _

from progress.forms import DateInput

from .models import SupervisionNotice, next_kind


class NoticeForm(forms.ModelForm):
    class Meta:
        model = SupervisionNotice
        fields = ["kind", "unit", "number", "issued_on", "reply_due", "content"]
        widgets = {
            "kind": forms.RadioSelect,
            "issued_on": DateInput,
            "reply_due": DateInput,
            "content": forms.Textarea(attrs={"rows": 6}),
        }

    def clean_number(self):
        # The jurisdiction is not a form field, so the model form would not check this.
        number = self.cleaned_data["number"].strip()
        taken = SupervisionNotice.objects.filter(
            jurisdiction=self.instance.jurisdiction, number=number
        ).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("本行政区已有同一文号的督办文书。"))
        return number

    def __init__(self, *args, task, user, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.task = task
        self.instance.jurisdiction = task.program.jurisdiction
        self.instance.created_by = user
        units = [a.unit for a in task.assignments.all()]
        self.fields["unit"].queryset = self.fields["unit"].queryset.filter(
            pk__in=[u.pk for u in units]
        )
        self.fields["unit"].empty_label = None
        self.fields["content"].max_length = 5000
        self.fields["number"].max_length = 60
        if not self.is_bound:
            lead = task.lead_unit
            # The notice is an official Chinese document, whatever language the office uses.
            with translation.override("zh-hans"):
                content = _("请按节点计划加快推进“%(task)s”，并于回复期限前书面报告落实情况。") % {
                    "task": task.title or task.content[:60]
                }
            self.initial.update(
                kind=next_kind(task), unit=lead.pk if lead else None, issued_on=today,
                content=content,
            )
