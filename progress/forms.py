from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from projects.models import Unit
from projects.templatetags.numbers import plain_number

from .choices import ChangeKind, MilestoneProgressState
from .models import ChangeRequest, Report


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ReportForm(forms.ModelForm):
    # The version the form was opened with; empty for a report not yet saved.
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # Evidence goes up with the form, so what was typed is saved with it, never thrown away.
    evidence = forms.FileField(
        label=_("添加佐证材料"),
        required=False,
        help_text=_("照片（JPG、PNG）、PDF 或 Word 文件，单个不超过 10 MB。上传时同时保存草稿。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf,.doc,.docx"}),
    )
    confirm = forms.BooleanField(
        label=_("我已核对以上内容，确认提交。"),
        required=False,
        help_text=_(
            "提交后报告锁定，由督查室审核；审核通过或退回修改时会邮件通知本单位，"
            "退回后可修改再提交。"
        ),
    )

    class Meta:
        model = Report
        fields = ["narrative", "figure", "declares_complete"]
        widgets = {"narrative": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, task, prefilled=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["narrative"].help_text = (
            _("写本期新做了什么；已预填上一期的内容，只需修改变化的部分。")
            if prefilled
            else _("写本期新做了什么。")
        )
        self.target_value, self.target_unit = task.target_value, task.target_unit
        if task.target_value is None:
            del self.fields["figure"]
        else:
            self.fields["figure"].label = _("累计完成数（目标 %(target)s%(unit)s）") % {
                "target": plain_number(task.target_value),
                "unit": task.target_unit,
            }
            whole = decimal_places(task.target_value) == 0
            self.fields["figure"].widget.attrs.update(
                {"inputmode": "numeric" if whole else "decimal", "min": "0"}
            )
            self.fields["figure"].min_value = 0
            if self.initial.get("figure") is not None:
                # 3000, not 3000.00: the figure is usually a count of people or places.
                self.initial["figure"] = plain_number(self.initial["figure"])
        self.fields["narrative"].max_length = 10000
        self.fields["narrative"].widget.attrs["maxlength"] = 10000

    def clean_figure(self):
        figure = self.cleaned_data.get("figure")
        if figure is not None and figure < 0:
            raise forms.ValidationError(_("完成数不能为负数。"))
        places = decimal_places(self.target_value)
        if figure is not None and decimal_places(figure) > places:
            if places == 0:
                raise forms.ValidationError(
                    _("目标以整数计（%(target)s%(unit)s），完成数请填写整数。")
                    % {"target": plain_number(self.target_value), "unit": self.target_unit}
                )
            raise forms.ValidationError(
                _("目标为 %(target)s%(unit)s，完成数最多保留 %(places)s 位小数。")
                % {
                    "target": plain_number(self.target_value),
                    "unit": self.target_unit,
                    "places": places,
                }
            )
        return figure


def decimal_places(value) -> int:
    """How many decimals a number uses: 15 and 15.00 → 0, 2.5 → 1."""
    exponent = Decimal(value).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


class MilestoneUpdateForm(forms.Form):
    """One milestone's line of a report. A state may be left open in a draft, not on submit."""

    state = forms.ChoiceField(
        label=_("完成情况"),
        choices=MilestoneProgressState.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    done_on = forms.DateField(label=_("完成日期"), required=False, widget=DateInput)
    reason = forms.CharField(
        label=_("滞后原因"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    remedy = forms.CharField(
        label=_("整改措施"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, milestone, today, **kwargs):
        self.milestone = milestone
        self.today = today
        super().__init__(*args, prefix=f"m{milestone.pk}", **kwargs)

    def clean(self):
        data = super().clean()
        state = data.get("state")
        if state == MilestoneProgressState.DONE:
            if not data.get("done_on"):
                self.add_error("done_on", _("已完成的节点请填写完成日期。"))
            elif data["done_on"] > self.today:
                self.add_error("done_on", _("完成日期不能晚于今天。"))
        else:
            data["done_on"] = None
        if state == MilestoneProgressState.BEHIND:
            if not data.get("reason", "").strip():
                self.add_error("reason", _("滞后的节点请说明原因。"))
            if not data.get("remedy", "").strip():
                self.add_error("remedy", _("滞后的节点请填写整改措施。"))
        else:
            data["reason"] = data["remedy"] = ""
        return data

    def as_update(self) -> dict:
        data = self.cleaned_data
        return {
            "milestone": self.milestone,
            "state": data.get("state") or "",
            "done_on": data.get("done_on"),
            "reason": data.get("reason", "").strip(),
            "remedy": data.get("remedy", "").strip(),
        }


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结果"),
        choices=[("approve", _("审核通过")), ("return", _("退回修改"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("审核意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("退回时必填：写明需要修改的地方。"),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not data.get("comment", "").strip():
            self.add_error("comment", _("退回时请写明需要修改的地方。"))
        return data


class ContributionForm(forms.Form):
    text = forms.CharField(
        label=_("配合工作情况"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("佐证材料"),
        help_text=_("照片（JPG、PNG）、PDF 或 Word 文件，单个不超过 10 MB。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf,.doc,.docx"}),
    )


class ChangeRequestForm(forms.ModelForm):
    class Meta:
        model = ChangeRequest
        fields = ["milestone", "kind", "proposed_due", "proposed_text", "reason"]
        widgets = {
            "proposed_due": DateInput,
            "proposed_text": forms.Textarea(attrs={"rows": 3}),
            "reason": forms.Textarea(attrs={"rows": 4}),
            "kind": forms.RadioSelect,
        }

    def __init__(self, *args, task, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.task = task
        # A milestone already done has nothing left to extend or adjust.
        self.fields["milestone"].queryset = task.milestones.filter(done_on__isnull=True).order_by(
            "due", "position"
        )
        self.fields["milestone"].empty_label = None
        self.fields["kind"].choices = ChangeKind.choices
        self.fields["reason"].max_length = 2000

    def _post_clean(self):
        # Fill in what the model's rules compare against before they run.
        milestone = self.cleaned_data.get("milestone")
        if milestone is not None:
            self.instance.original_due = milestone.due
            self.instance.original_text = milestone.text
        super()._post_clean()


class ReporterAccountForm(UserCreationForm):
    """A supervisor opens a login for a unit of its own jurisdiction: always a new user (the
    username must be free), never an account attached to an existing one."""

    unit = forms.ModelChoiceField(label=_("责任单位"), queryset=Unit.objects.none())
    first_name = forms.CharField(label=_("姓名"), max_length=150)
    email = forms.EmailField(label=_("电子邮箱"), help_text=_("报送提醒发到这个邮箱。"))

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "first_name", "email"]

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.fields["unit"].queryset = Unit.objects.filter(scope.own_jurisdiction_q())
        self.order_fields(["unit", "username", "first_name", "email"])

    def clean_unit(self):
        unit = self.cleaned_data["unit"]
        if not self.scope.may_open_account_for(unit):
            raise forms.ValidationError(_("只能为本行政区的责任单位开通账号。"))
        return unit
