"""The cycle's forms: the public's proposal and ratings, the deputies' ballots, the office's
calls, triage, candidates, sessions and tallies."""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from projects.models import Unit

from . import rules
from .choices import Choice, Field, ProposalState, Rating
from .models import Call, Candidate, Evaluation, Proposal, VoteSession

MAX_FORM_AGE = 2 * 3600
SALT = "cycle.proposal-form"

phone_validator = RegexValidator(
    r"^[0-9+\- ]{5,20}$", _("电话号码只能包含数字、空格、+ 和 -。")
)


class CallForm(forms.ModelForm):
    areas = forms.MultipleChoiceField(
        label=_("征集领域"),
        choices=Field.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("不选则全部领域都可以提"),
    )

    class Meta:
        model = Call
        fields = ["year", "title", "opens_on", "closes_on", "areas", "intro"]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "closes_on": forms.DateInput(attrs={"type": "date"}),
        }


class ProposalForm(forms.Form):
    """The public's form: no login, a honeypot and a signed start time instead of a CAPTCHA."""

    field = forms.ChoiceField(label=_("领域"))
    title = forms.CharField(label=_("建议标题"), max_length=100)
    content = forms.CharField(
        label=_("建议做什么、在哪里"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )
    beneficiaries = forms.CharField(label=_("哪些人受益"), max_length=200)
    name = forms.CharField(label=_("姓名（选填）"), max_length=50, required=False)
    phone = forms.CharField(
        label=_("联系电话（选填）"),
        max_length=20,
        required=False,
        validators=[phone_validator],
        help_text=_("姓名和电话只有督查室能看到，不会公开。"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    # Hidden from people by CSS; bots fill every field they find.
    website = forms.CharField(label=_("网址"), required=False)
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, call: Call, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now or time.time()
        self.fields["field"].choices = [("", "---------"), *call.field_choices()]
        if not self.is_bound:
            self.initial["started"] = signing.dumps(int(self.now), salt=SALT)

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise ValidationError(_("提交未成功，请刷新页面后重试。"), code="honeypot")
        try:
            started = signing.loads(self.data.get("started", ""), salt=SALT)
        except signing.BadSignature:
            raise ValidationError(
                _("表单已失效，请刷新页面后重新填写。"), code="signature"
            ) from None
        age = self.now - started
        if age < settings.PROPOSAL_MIN_FILL_SECONDS:
            raise ValidationError(_("提交太快了，请确认内容后再提交。"), code="too_fast")
        if age > MAX_FORM_AGE:
            raise ValidationError(_("表单已打开太久，请刷新页面后重新填写。"), code="expired")
        return data

    def proposal_fields(self) -> dict:
        data = self.cleaned_data
        return {k: data[k] for k in ("field", "title", "content", "beneficiaries", "name", "phone")}


class LookupForm(forms.Form):
    receipt = forms.CharField(label=_("回执号"), max_length=40)


class TriageForm(forms.Form):
    ACTIONS = [
        ("accept", _("采纳")),
        ("merge", _("合并到另一条")),
        ("reject", _("不采纳")),
        ("forward", _("转单位提意见")),
    ]
    action = forms.ChoiceField(label=_("办理"), choices=ACTIONS)
    reason = forms.CharField(
        label=_("答复（公开给建议人）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    target = forms.IntegerField(label=_("合并到编号"), required=False, min_value=1)
    unit = forms.TypedChoiceField(label=_("单位"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, proposal: Proposal, units, **kwargs):
        """`units`: the jurisdiction's units, read once for a page of these forms."""
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        self.units = {unit.pk: unit for unit in units}
        self.fields["unit"].choices = [("", "---------")] + [
            (pk, unit.name) for pk, unit in self.units.items()
        ]

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == "merge":
            number = data.get("target")
            target = Proposal.objects.filter(call=self.proposal.call_id, number=number).first()
            if target is None:
                self.add_error("target", _("本次征集中没有这个编号的建议。"))
            data["target_proposal"] = target
        data["unit"] = self.units.get(data.get("unit"))
        if action == "forward" and data["unit"] is None:
            self.add_error("unit", _("请选择转交的单位。"))
        if action == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("不采纳时须写明理由，建议人可以看到。"))
        return data

    def apply(self) -> None:
        data, proposal = self.cleaned_data, self.proposal
        action = data["action"]
        if action == "accept":
            proposal.accept(data.get("reason", ""))
        elif action == "merge":
            proposal.merge_into(data["target_proposal"])
        elif action == "reject":
            proposal.reject(data["reason"])
        else:
            proposal.forward(data["unit"])


class OpinionForm(forms.Form):
    opinion = forms.CharField(label=_("单位意见"), widget=forms.Textarea(attrs={"rows": 4}))


class CandidateForm(forms.ModelForm):
    milestones_text = forms.CharField(
        label=_("节点目标"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一个：日期 空格 目标，例如“2027-06-30 完成选址”"),
    )

    class Meta:
        model = Candidate
        fields = [
            "year", "number", "field", "title", "content", "lead_unit", "co_units", "funding",
            "deadline", "proposals",
        ]
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}),
            "co_units": forms.CheckboxSelectMultiple,
            "proposals": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, jurisdiction, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.jurisdiction = jurisdiction
        units = Unit.objects.filter(jurisdiction=jurisdiction)
        self.fields["lead_unit"].queryset = units
        self.fields["co_units"].queryset = units
        self.fields["proposals"].queryset = (
            Proposal.objects.filter(call__jurisdiction=jurisdiction)
            .exclude(state__in=[ProposalState.MERGED, ProposalState.REJECTED])
            .select_related("call")
        )
        if self.instance.pk:
            self.initial["milestones_text"] = "\n".join(
                f"{m.due.isoformat()} {m.text}" for m in self.instance.milestones.all()
            )

    def clean_milestones_text(self):
        return rules.parse_milestones(self.cleaned_data.get("milestones_text", ""))

    def clean(self):
        data = super().clean()
        lead, co = data.get("lead_unit"), data.get("co_units") or []
        if lead is not None and lead in co:
            self.add_error("co_units", _("牵头单位不必再列为配合单位。"))
        return data

    def save(self, commit=True):
        candidate = super().save(commit=True)
        candidate.milestones.all().delete()
        for position, (due, text) in enumerate(self.cleaned_data["milestones_text"]):
            candidate.milestones.create(position=position, due=due, text=text)
        return candidate


class SessionForm(forms.ModelForm):
    class Meta:
        model = VoteSession
        fields = ["year", "title", "places", "deputies", "present", "candidates"]
        widgets = {"candidates": forms.CheckboxSelectMultiple}

    def __init__(self, *args, jurisdiction, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.jurisdiction = jurisdiction
        self.fields["candidates"].queryset = Candidate.objects.filter(jurisdiction=jurisdiction)

    def clean(self):
        data = super().clean()
        candidates, year, places = data.get("candidates"), data.get("year"), data.get("places")
        if candidates is not None and year is not None:
            if any(c.year != year for c in candidates):
                self.add_error("candidates", _("候选项目必须都是本年度的。"))
            if places is not None and len(candidates) <= places:
                self.add_error("candidates", _("差额票决：候选项目数应多于应选项目数。"))
        return data


class CodesForm(forms.Form):
    count = forms.IntegerField(label=_("生成张数"), min_value=1, max_value=2000)


class TallyForm(forms.Form):
    """Paper ballots as counted: totals, then for / against / abstain per candidate."""

    paper_ballots = forms.IntegerField(label=_("收回纸质选票张数"), min_value=0)
    paper_invalid = forms.IntegerField(label=_("其中无效票"), min_value=0)

    def __init__(self, *args, session: VoteSession, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.candidates = list(session.candidates.all())
        existing = {t.candidate_id: t for t in session.tallies.all()}
        self.initial.setdefault("paper_ballots", session.paper_ballots)
        self.initial.setdefault("paper_invalid", session.paper_invalid)
        self.rows = []
        for candidate in self.candidates:
            tally = existing.get(candidate.pk)
            row = []
            for key, label in (("for", _("赞成")), ("against", _("反对")), ("abstain", _("弃权"))):
                name = f"c{candidate.pk}-{key}"
                attribute = "votes_for" if key == "for" else key
                self.fields[name] = forms.IntegerField(
                    label=label, min_value=0, initial=getattr(tally, attribute, 0) if tally else 0
                )
                row.append(name)
            self.rows.append((candidate, row))

    def clean(self):
        data = super().clean()
        ballots, invalid = data.get("paper_ballots"), data.get("paper_invalid")
        if ballots is None or invalid is None:
            return data
        if invalid > ballots:
            self.add_error("paper_invalid", _("无效票不能多于纸质选票张数。"))
        valid = ballots - invalid
        for candidate, names in self.rows:
            values = [data.get(name) for name in names]
            if None not in values and sum(values) > valid:
                self.add_error(
                    names[0],
                    _("第%(number)s号候选项目：赞成、反对、弃权之和 %(sum)s 超过有效票 %(valid)s。")
                    % {"number": candidate.number, "sum": sum(values), "valid": valid},
                )
        return data

    def lines(self):
        for candidate, names in self.rows:
            yield candidate, [self.cleaned_data[name] for name in names]


def _choice_fields(form, objects, choices, prefix):
    form.lines = []
    for obj in objects:
        name = f"{prefix}{obj.pk}"
        form.fields[name] = forms.ChoiceField(
            label=str(obj), choices=choices, widget=forms.RadioSelect
        )
        form.lines.append((obj, name))


class BallotForm(forms.Form):
    code = forms.CharField(label=_("选票码"), max_length=20, help_text=_("纸质选票码，例如 ABCDE-FGHJK"))

    def __init__(self, *args, session: VoteSession, **kwargs):
        super().__init__(*args, **kwargs)
        _choice_fields(self, session.candidates.all(), Choice.choices, "c")

    def choices(self) -> dict:
        return {str(obj.pk): self.cleaned_data[name] for obj, name in self.lines}


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ["deputies"]


class EvaluationTallyForm(forms.Form):
    def __init__(self, *args, evaluation: Evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        existing = {t.task_id: t for t in evaluation.tallies.all()}
        self.rows = []
        for task in evaluation.program.tasks.all():
            tally = existing.get(task.pk)
            names = []
            for key, label in zip(
                ("satisfied", "basic", "dissatisfied", "abstain"), Rating.labels, strict=True
            ):
                name = f"t{task.pk}-{key}"
                self.fields[name] = forms.IntegerField(
                    label=label, min_value=0, initial=getattr(tally, key, 0) if tally else 0
                )
                names.append(name)
            self.rows.append((task, names))

    def clean(self):
        data = super().clean()
        deputies = self.initial.get("deputies")
        for task, names in self.rows:
            values = [data.get(name) for name in names]
            if deputies is not None and None not in values and sum(values) > deputies:
                self.add_error(
                    names[0],
                    _("第%(number)s项：票数之和 %(sum)s 超过参加测评代表人数 %(deputies)s。")
                    % {"number": task.number, "sum": sum(values), "deputies": deputies},
                )
        return data

    def lines(self):
        for task, names in self.rows:
            yield task, [self.cleaned_data[name] for name in names]


class EvaluationBallotForm(forms.Form):
    code = forms.CharField(label=_("测评码"), max_length=20)

    def __init__(self, *args, evaluation: Evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        _choice_fields(self, evaluation.program.tasks.all(), Rating.choices, "t")

    def ratings(self) -> dict:
        return {str(obj.pk): self.cleaned_data[name] for obj, name in self.lines}


class CitizenRatingForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("您的评价"),
        choices=[c for c in Rating.choices if c[0] != Rating.ABSTAIN],
        widget=forms.RadioSelect,
    )
