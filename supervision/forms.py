from django import forms
from django.utils import translation
from django.utils.translation import gettext as _

from progress.forms import DateInput

from .choices import NoticeKind
from .models import Bulletin, SupervisionNotice, next_kind


def _contact(user) -> str:
    """The office's contact line proposed on the notice: the clerk's name and phone."""
    account = getattr(user, "account", None)
    phone = account.phone if account is not None else ""
    name = user.get_full_name() or user.get_username()
    return f"{name}，{phone}" if phone else name


class NoticeForm(forms.ModelForm):
    class Meta:
        model = SupervisionNotice
        fields = ["kind", "unit", "issued_on", "reply_due", "content", "contact"]
        widgets = {
            "kind": forms.RadioSelect,
            "issued_on": DateInput,
            "reply_due": DateInput,
            "content": forms.Textarea(attrs={"rows": 6}),
        }

    def save(self, commit=True):
        # Numbered on saving, in the year of issue: 开督〔2024〕3号 (see next_number).
        if not self.instance.number:
            self.instance.number = SupervisionNotice.next_number(
                self.instance.jurisdiction, self.instance.issued_on.year
            )
        return super().save(commit)

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
        # A type is required: the radio buttons offer no blank choice.
        self.fields["kind"].choices = NoticeKind.choices
        self.fields["contact"].max_length = 100
        self.fields["content"].max_length = 5000
        if not self.is_bound:
            lead = task.lead_unit
            # The notice is an official Chinese document, whatever language the office uses.
            with translation.override("zh-hans"):
                content = _("请按节点计划加快推进“%(task)s”，并于回复期限前书面报告落实情况。") % {
                    "task": task.title or task.content[:60]
                }
            self.initial.update(
                kind=next_kind(task), unit=lead.pk if lead else None, issued_on=today,
                content=content, contact=_contact(user),
            )


class BulletinForm(forms.ModelForm):
    """The bulletin's editable text: its title and sections."""

    class Meta:
        model = Bulletin
        fields = ["title", *Bulletin.SECTIONS]
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in Bulletin.SECTIONS}
