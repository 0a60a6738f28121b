"""The beginning and the end of the year: the call for proposals, the candidate projects,
the deputies' vote (票决) that turns candidates into the year's program, and the year-end
evaluation (测评) of that program by the deputies and the public.

Ballot secrecy is kept by the shape of the tables: a ballot code is stored only as a keyed
hash with a used flag (no time, no link), and a cast ballot holds its choices and nothing
that leads back to the code. Neither table is in the audit trail.
"""

import datetime

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from projects.choices import MilestoneKind
from projects.models import (
    Category,
    Jurisdiction,
    Milestone,
    Program,
    Task,
    TaskUnit,
    TimeStamped,
    Unit,
)

from . import rules
from .choices import Choice, EvaluationState, Field, ProposalState, Rating, SessionState


def _year_constraint(name):
    return models.CheckConstraint(
        condition=Q(year__gte=2000) & Q(year__lte=2100),
        name=name,
        violation_error_message=_("年度必须在 2000 至 2100 之间。"),
    )


# -- the call for proposals (征集) ---------------------------------------------------------


class Call(TimeStamped):
    """An office's call for the public's proposals for one year's livelihood projects."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("行政区"), on_delete=models.PROTECT, related_name="calls"
    )
    year = models.PositiveSmallIntegerField(_("项目年度"), help_text=_("征集的是哪一年的项目"))
    title = models.CharField(_("标题"), max_length=200)
    opens_on = models.DateField(_("征集开始"))
    closes_on = models.DateField(_("征集截止"))
    areas = models.JSONField(_("征集领域"), default=list, blank=True)
    intro = models.TextField(_("征集说明"), blank=True)
    last_number = models.PositiveIntegerField(_("已编号"), default=0, editable=False)

    class Meta:
        ordering = ["-year", "jurisdiction__code"]
        verbose_name = _("意见征集")
        verbose_name_plural = _("意见征集")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "year"],
                name="call_unique_per_jurisdiction_year",
                violation_error_message=_("该行政区该年度已发起征集。"),
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")),
                name="call_closes_after_it_opens",
                violation_error_message=_("征集截止日期不能早于开始日期。"),
            ),
            _year_constraint("call_year_plausible"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("征集截止日期不能早于开始日期。")})
        unknown = [value for value in self.areas or [] if value not in Field.values]
        if unknown:
            raise ValidationError({"areas": _("未知的领域：%s") % "、".join(unknown)})

    def is_open(self, today: datetime.date) -> bool:
        return self.opens_on <= today <= self.closes_on

    def field_choices(self) -> list[tuple[str, str]]:
        """The fields a proposal may name: the call's own, in the fixed order; all if none."""
        chosen = set(self.areas or Field.values)
        return [(value, label) for value, label in Field.choices if value in chosen]

    def take_number(self) -> int:
        """The next proposal number; the UPDATE locks the row until the caller commits."""
        Call.objects.filter(pk=self.pk).update(last_number=F("last_number") + 1)
        return Call.objects.values_list("last_number", flat=True).get(pk=self.pk)


class ProposalQuerySet(models.QuerySet):
    def became_candidates(self):
        return self.filter(candidates__isnull=False).distinct()


class Proposal(TimeStamped):
    """One suggestion from the public; its name and phone are for the office only."""

    call = models.ForeignKey(
        Call, verbose_name=_("意见征集"), on_delete=models.CASCADE, related_name="proposals"
    )
    number = models.PositiveIntegerField(_("编号"))
    receipt = models.CharField(_("回执号"), max_length=40, unique=True)
    field = models.CharField(_("领域"), max_length=20, choices=Field.choices)
    title = models.CharField(_("建议标题"), max_length=100)
    content = models.TextField(_("建议做什么、在哪里"), max_length=2000)
    beneficiaries = models.CharField(_("哪些人受益"), max_length=200)
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    state = models.CharField(
        _("办理状态"), max_length=12, choices=ProposalState.choices, default=ProposalState.RECEIVED
    )
    public_reason = models.TextField(
        _("答复"), blank=True, help_text=_("建议人凭回执号可以看到，例如未采纳的理由")
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("合并到"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
    )
    forwarded_to = models.ForeignKey(
        Unit,
        verbose_name=_("征求意见单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forwarded_proposals",
    )
    unit_opinion = models.TextField(_("单位意见"), blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["call", "number"]
        verbose_name = _("群众建议")
        verbose_name_plural = _("群众建议")
        constraints = [
            models.UniqueConstraint(fields=["call", "number"], name="proposal_unique_number"),
            models.CheckConstraint(
                condition=~Q(state="merged") | Q(merged_into__isnull=False),
                name="proposal_merged_names_its_target",
                violation_error_message=_("合并的建议必须指明合并到哪一条。"),
            ),
        ]

    def __str__(self):
        return f"{self.receipt} {self.title}"

    @classmethod
    @transaction.atomic
    def submit(cls, call: "Call", **fields) -> "Proposal":
        number = call.take_number()
        code = call.jurisdiction.code
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    return cls.objects.create(
                        call=call,
                        number=number,
                        receipt=rules.receipt_for(code, call.year, number),
                        **fields,
                    )
            except IntegrityError:  # the random tail collided: draw again
                continue
        raise IntegrityError("no free receipt")

    # The office's triage. Each sets the state and what the proposer will read.

    def accept(self, reason: str = "") -> None:
        self.state = ProposalState.ACCEPTED
        self.public_reason = reason
        self.merged_into = None
        self.save(update_fields=["state", "public_reason", "merged_into", "last_updated"])

    def reject(self, reason: str) -> None:
        if not (reason or "").strip():
            raise ValidationError({"reason": _("不采纳时须写明理由，建议人可以看到。")})
        self.state = ProposalState.REJECTED
        self.public_reason = reason.strip()
        self.merged_into = None
        self.save(update_fields=["state", "public_reason", "merged_into", "last_updated"])

    def merge_into(self, other: "Proposal") -> None:
        if other.pk == self.pk or other.call_id != self.call_id:
            raise ValidationError({"target": _("只能合并到同一次征集中的另一条建议。")})
        if other.state == ProposalState.MERGED:
            raise ValidationError({"target": _("目标建议本身已被合并，请合并到它所合并的那一条。")})
        self.state = ProposalState.MERGED
        self.merged_into = other
        self.public_reason = gettext("与建议 %(receipt)s 内容相同，合并办理。") % {
            "receipt": other.receipt
        }
        self.save(update_fields=["state", "merged_into", "public_reason", "last_updated"])
        # Whatever had been merged into this one follows it (saved one by one: audited).
        for earlier in self.merged.all():
            earlier.merged_into = other
            earlier.save(update_fields=["merged_into", "last_updated"])

    def forward(self, unit: Unit) -> None:
        if unit.jurisdiction_id != self.call.jurisdiction_id:
            raise ValidationError({"unit": _("只能转交本行政区的单位。")})
        self.state = ProposalState.FORWARDED
        self.forwarded_to = unit
        self.save(update_fields=["state", "forwarded_to", "last_updated"])

    def give_opinion(self, text: str) -> None:
        if not (text or "").strip():
            raise ValidationError({"opinion": _("请填写单位意见。")})
        self.unit_opinion = text.strip()
        self.save(update_fields=["unit_opinion", "last_updated"])


# -- candidate projects (候选项目) --------------------------------------------------------


class Candidate(TimeStamped):
    """A project the office puts to the deputies, with the proposals behind it."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("行政区"), on_delete=models.PROTECT, related_name="candidates"
    )
    year = models.PositiveSmallIntegerField(_("项目年度"))
    number = models.PositiveSmallIntegerField(_("序号"))
    field = models.CharField(_("领域"), max_length=20, choices=Field.choices)
    title = models.CharField(_("项目名称"), max_length=200)
    content = models.TextField(_("建设内容"))
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="led_candidates"
    )
    co_units = models.ManyToManyField(
        Unit, verbose_name=_("配合单位"), blank=True, related_name="co_candidates"
    )
    funding = models.DecimalField(
        _("估算资金（万元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    proposals = models.ManyToManyField(
        Proposal, verbose_name=_("来源建议"), blank=True, related_name="candidates"
    )

    class Meta:
        ordering = ["jurisdiction__code", "year", "number"]
        verbose_name = _("候选项目")
        verbose_name_plural = _("候选项目")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "year", "number"],
                name="candidate_unique_number",
                violation_error_message=_("该年度已有同序号的候选项目。"),
            ),
            _year_constraint("candidate_year_plausible"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def clean(self):
        if (
            self.lead_unit_id
            and self.jurisdiction_id
            and self.lead_unit.jurisdiction_id != self.jurisdiction_id
        ):
            raise ValidationError({"lead_unit": _("牵头单位必须属于本行政区。")})


class CandidateMilestone(models.Model):
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("候选项目"), on_delete=models.CASCADE, related_name="milestones"
    )
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    due = models.DateField(_("截止日期"))
    text = models.CharField(_("节点目标"), max_length=300)

    class Meta:
        ordering = ["candidate", "due", "position"]
        verbose_name = _("候选项目节点")
        verbose_name_plural = _("候选项目节点")

    def __str__(self):
        return f"{self.due} {self.text}"


# -- ballot codes, shared by the vote and the evaluation ----------------------------------


class CodeBase(models.Model):
    """A one-time code handed out on paper: only its keyed hash and whether it was used.
    No timestamps: when a code was used must not line up with when a ballot was cast."""

    code_hash = models.CharField(_("校验值"), max_length=64, unique=True)
    used = models.BooleanField(_("已使用"), default=False)

    class Meta:
        abstract = True

    def __str__(self):
        return self.code_hash[:8]


def issue_codes(owner, model, count: int) -> list[str]:
    """`count` new codes for `owner` (a session or an evaluation); the plain codes exist
    only in the return value, to be printed once."""
    scope = f"{model._meta.model_name}:{owner.pk}"
    codes = set()
    while len(codes) < count:
        codes.add(rules.new_ballot_code())
    codes = sorted(codes)
    model.objects.bulk_create(
        [model(owner=owner, code_hash=rules.code_hash(scope, code)) for code in codes]
    )
    return codes


def spend_code(owner, model, code: str) -> bool:
    """Mark the code used if it is one of `owner`'s and unused: one conditional UPDATE,
    so two phones sending the same code cast one ballot."""
    scope = f"{model._meta.model_name}:{owner.pk}"
    digest = rules.code_hash(scope, code)
    return model.objects.filter(owner=owner, code_hash=digest, used=False).update(used=True) == 1


# -- the vote (票决) -----------------------------------------------------------------------


class VoteSession(TimeStamped):
    """The deputies' vote on the candidates at the congress session."""

    jurisdiction = models.ForeignKey(
        Jurisdiction,
        verbose_name=_("行政区"),
        on_delete=models.PROTECT,
        related_name="vote_sessions",
    )
    year = models.PositiveSmallIntegerField(_("项目年度"))
    title = models.CharField(_("名称"), max_length=200)
    places = models.PositiveSmallIntegerField(_("应选项目数"))
    deputies = models.PositiveSmallIntegerField(_("应到代表人数"))
    present = models.PositiveSmallIntegerField(_("实到代表人数"))
    candidates = models.ManyToManyField(
        Candidate, verbose_name=_("候选项目"), related_name="sessions"
    )
    state = models.CharField(
        _("状态"), max_length=12, choices=SessionState.choices, default=SessionState.OPEN
    )
    paper_ballots = models.PositiveIntegerField(_("纸质选票张数"), default=0)
    paper_invalid = models.PositiveIntegerField(_("其中无效票"), default=0)
    program = models.ForeignKey(
        Program,
        verbose_name=_("生成的年度计划"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vote_sessions",
        editable=False,
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-year", "jurisdiction__code", "pk"]
        verbose_name = _("票决会议")
        verbose_name_plural = _("票决会议")
        constraints = [
            models.CheckConstraint(
                condition=Q(places__gte=1), name="session_has_places",
                violation_error_message=_("应选项目数至少为 1。"),
            ),
            models.CheckConstraint(
                condition=Q(present__lte=F("deputies")),
                name="session_present_within_deputies",
                violation_error_message=_("实到代表人数不能多于应到代表人数。"),
            ),
            models.CheckConstraint(
                condition=Q(paper_invalid__lte=F("paper_ballots")),
                name="session_paper_invalid_within_ballots",
                violation_error_message=_("无效票不能多于纸质选票张数。"),
            ),
            _year_constraint("session_year_plausible"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.present is not None and self.deputies is not None and self.present > self.deputies:
            raise ValidationError({"present": _("实到代表人数不能多于应到代表人数。")})

    @property
    def is_open(self) -> bool:
        return self.state == SessionState.OPEN

    def issue_codes(self, count: int) -> list[str]:
        return issue_codes(self, BallotCode, count)

    @transaction.atomic
    def cast(self, code: str, choices: dict) -> "Ballot":
        """One deputy's ballot: the code is spent and the ballot stored, or neither.
        Raises ValidationError when the code is unknown or used, or voting is over."""
        if not VoteSession.objects.filter(pk=self.pk, state=SessionState.OPEN).exists():
            raise ValidationError(_("本次票决已结束。"))
        wanted = {str(c.pk) for c in self.candidates.all()}
        if set(choices) != wanted or not set(choices.values()) <= set(Choice.values):
            raise ValidationError(_("请对每个候选项目选择赞成、反对或弃权。"))
        if not spend_code(self, BallotCode, code):
            raise ValidationError(_("选票码无效或已使用。"), code="bad_code")
        return Ballot.objects.create(
            session=self, choices=choices, is_valid=rules.ballot_is_valid(choices, self.places)
        )

    def counts(self) -> dict[int, list[int]]:
        """for / against / abstain per candidate id: valid phone ballots plus paper tallies."""
        counts = {c.pk: [0, 0, 0] for c in self.candidates.all()}
        index = {Choice.FOR: 0, Choice.AGAINST: 1, Choice.ABSTAIN: 2}
        for choices in self.ballots.filter(is_valid=True).values_list("choices", flat=True):
            for key, choice in choices.items():
                if int(key) in counts:
                    counts[int(key)][index[choice]] += 1
        for tally in self.tallies.all():
            if tally.candidate_id in counts:
                line = counts[tally.candidate_id]
                line[0] += tally.votes_for
                line[1] += tally.against
                line[2] += tally.abstain
        return counts

    def ballot_figures(self) -> dict:
        phone = dict(
            self.ballots.aggregate(
                cast=models.Count("pk"), invalid=models.Count("pk", filter=Q(is_valid=False))
            )
        )
        return {
            "cast": phone["cast"] + self.paper_ballots,
            "invalid": phone["invalid"] + self.paper_invalid,
            "phone": phone["cast"],
            "paper": self.paper_ballots,
            "codes_issued": self.codes.count(),
        }

    def outcome(self) -> rules.Outcome:
        counts = self.counts()
        outcome = rules.elect(
            [(pk, *line) for pk, line in counts.items()], self.present, self.places
        )
        by_pk = {c.pk: c for c in self.candidates.all()}
        for line in outcome.lines:
            line.candidate = by_pk[line.key]
        return outcome

    @transaction.atomic
    def confirm(self, user=None) -> Program:
        """Close the vote and turn the elected candidates into the year's program: one
        category per field, items in candidate order, the lead unit first, the milestones.
        A later session of the same year (a new round for tied candidates) adds to it."""
        if not VoteSession.objects.filter(pk=self.pk, state=SessionState.OPEN).update(
            state=SessionState.CONFIRMED, confirmed_at=timezone.now()
        ):
            raise ValidationError(_("该票决结果已确认。"))
        # The conditional UPDATE sends no signal: write its line of the audit trail here.
        LogEntry.objects.log_create(
            self,
            action=LogEntry.Action.UPDATE,
            changes={"state": [SessionState.OPEN.value, SessionState.CONFIRMED.value]},
            actor=user if getattr(user, "pk", None) else None,
        )
        self.refresh_from_db()
        elected = sorted(
            (line.candidate for line in self.outcome().elected), key=lambda c: c.number
        )
        if not elected:
            raise ValidationError(_("没有候选项目获得过半数赞成票，无法生成年度计划。"))
        program = Program.objects.filter(jurisdiction=self.jurisdiction, year=self.year).first()
        if program is None:
            program = Program.objects.create(
                jurisdiction=self.jurisdiction,
                year=self.year,
                title=gettext("%(year)s年%(name)s民生实事项目")
                % {"year": self.year, "name": self.jurisdiction.name},
                declared_items=len(elected),
            )
        elif not program.vote_sessions.exists():
            raise ValidationError(_("该年度的民生实事计划已另行导入，不能再由票决生成。"))
        categories = {c.name: c for c in program.categories.all()}
        next_category = max((c.number for c in categories.values()), default=0) + 1
        next_number = max((int(t.sort_key // 100) for t in program.tasks.all()), default=0) + 1
        for candidate in elected:
            label = candidate.get_field_display()
            category = categories.get(label)
            if category is None:
                category = Category.objects.create(
                    program=program, number=next_category, name=label
                )
                categories[label] = category
                next_category += 1
            task = Task.objects.create(
                program=program,
                category=category,
                number=str(next_number),
                title=candidate.title,
                content=candidate.content,
                deadline=candidate.deadline,
            )
            next_number += 1
            units = [candidate.lead_unit, *candidate.co_units.order_by("name")]
            TaskUnit.objects.bulk_create(
                TaskUnit(task=task, unit=unit, position=i, is_lead=(i == 0))
                for i, unit in enumerate(units)
            )
            for i, milestone in enumerate(candidate.milestones.all()):
                Milestone.objects.create(
                    task=task, position=i, kind=MilestoneKind.DATED, due=milestone.due,
                    text=milestone.text,
                )
            task.refresh_state()
        if program.declared_items != program.tasks.count():
            program.declared_items = program.tasks.count()
            program.save(update_fields=["declared_items", "last_updated"])
        self.program = program
        self.save(update_fields=["program", "last_updated"])
        return program


class BallotCode(CodeBase):
    owner = models.ForeignKey(
        VoteSession, verbose_name=_("票决会议"), on_delete=models.CASCADE, related_name="codes"
    )

    class Meta:
        verbose_name = _("选票码")
        verbose_name_plural = _("选票码")


class Ballot(models.Model):
    """A cast ballot: the choices only, never the code (secret ballot)."""

    session = models.ForeignKey(
        VoteSession, verbose_name=_("票决会议"), on_delete=models.CASCADE, related_name="ballots"
    )
    choices = models.JSONField(_("选择"))
    is_valid = models.BooleanField(_("有效"), default=True)

    class Meta:
        ordering = ["session", "pk"]
        verbose_name = _("选票")
        verbose_name_plural = _("选票")

    def __str__(self):
        return gettext("选票")


class Tally(models.Model):
    """The counted paper ballots for one candidate, entered by the office."""

    session = models.ForeignKey(
        VoteSession, verbose_name=_("票决会议"), on_delete=models.CASCADE, related_name="tallies"
    )
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("候选项目"), on_delete=models.CASCADE, related_name="+"
    )
    votes_for = models.PositiveIntegerField(_("赞成"), default=0)
    against = models.PositiveIntegerField(_("反对"), default=0)
    abstain = models.PositiveIntegerField(_("弃权"), default=0)

    class Meta:
        ordering = ["session", "candidate__number"]
        verbose_name = _("纸质票计票")
        verbose_name_plural = _("纸质票计票")
        constraints = [
            models.UniqueConstraint(fields=["session", "candidate"], name="tally_unique"),
        ]

    def __str__(self):
        return f"{self.candidate}: {self.votes_for}/{self.against}/{self.abstain}"


# -- the evaluation (测评) -----------------------------------------------------------------


class Evaluation(TimeStamped):
    """The deputies' year-end evaluation of a program's items."""

    program = models.OneToOneField(
        Program, verbose_name=_("年度计划"), on_delete=models.CASCADE, related_name="evaluation"
    )
    deputies = models.PositiveSmallIntegerField(_("参加测评代表人数"))
    state = models.CharField(
        _("状态"), max_length=12, choices=EvaluationState.choices, default=EvaluationState.OPEN
    )
    overall_rate = models.PositiveSmallIntegerField(
        _("总体满意率"), null=True, blank=True, editable=False
    )
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-program__year"]
        verbose_name = _("代表测评")
        verbose_name_plural = _("代表测评")

    def __str__(self):
        return gettext("%(program)s 代表测评") % {"program": self.program}

    @property
    def is_open(self) -> bool:
        return self.state == EvaluationState.OPEN

    def issue_codes(self, count: int) -> list[str]:
        return issue_codes(self, EvaluationCode, count)

    @transaction.atomic
    def cast(self, code: str, ratings: dict) -> "EvaluationBallot":
        if not Evaluation.objects.filter(pk=self.pk, state=EvaluationState.OPEN).exists():
            raise ValidationError(_("本次测评已结束。"))
        wanted = {str(pk) for pk in self.program.tasks.values_list("pk", flat=True)}
        if set(ratings) != wanted or not set(ratings.values()) <= set(Rating.values):
            raise ValidationError(_("请对每个项目作出评价。"))
        if not spend_code(self, EvaluationCode, code):
            raise ValidationError(_("测评码无效或已使用。"), code="bad_code")
        return EvaluationBallot.objects.create(evaluation=self, ratings=ratings)

    def results(self):
        """Per item [满意, 基本满意, 不满意, 弃权] and 满意率, and the overall figures."""
        tasks = list(self.program.tasks.select_related("category"))
        order = list(Rating.values)
        counts = {t.pk: [0, 0, 0, 0] for t in tasks}
        for ratings in self.ballots.values_list("ratings", flat=True):
            for key, rating in ratings.items():
                if int(key) in counts:
                    counts[int(key)][order.index(rating)] += 1
        for tally in self.tallies.all():
            if tally.task_id in counts:
                line = counts[tally.task_id]
                for i, value in enumerate(
                    (tally.satisfied, tally.basic, tally.dissatisfied, tally.abstain)
                ):
                    line[i] += value
        rows = [
            {"task": t, "counts": counts[t.pk], "rate": rules.satisfaction(*counts[t.pk])}
            for t in tasks
        ]
        total = [sum(row["counts"][i] for row in rows) for i in range(4)]
        return rows, total, rules.satisfaction(*total)

    @transaction.atomic
    def publish(self) -> None:
        if not Evaluation.objects.filter(pk=self.pk, state=EvaluationState.OPEN).exists():
            raise ValidationError(_("测评结果已公布。"))
        _rows, _total, overall = self.results()
        self.state = EvaluationState.PUBLISHED
        self.overall_rate = overall
        self.published_at = timezone.now()
        self.save(update_fields=["state", "overall_rate", "published_at", "last_updated"])


class EvaluationCode(CodeBase):
    owner = models.ForeignKey(
        Evaluation, verbose_name=_("代表测评"), on_delete=models.CASCADE, related_name="codes"
    )

    class Meta:
        verbose_name = _("测评码")
        verbose_name_plural = _("测评码")


class EvaluationBallot(models.Model):
    """A deputy's ratings of every item, not linked to the code used."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("代表测评"), on_delete=models.CASCADE, related_name="ballots"
    )
    ratings = models.JSONField(_("评价"))

    class Meta:
        ordering = ["evaluation", "pk"]
        verbose_name = _("测评票")
        verbose_name_plural = _("测评票")

    def __str__(self):
        return gettext("测评票")


class EvaluationTally(models.Model):
    """Counted paper evaluation forms for one item, entered by the office."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("代表测评"), on_delete=models.CASCADE, related_name="tallies"
    )
    task = models.ForeignKey(
        Task, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="+"
    )
    satisfied = models.PositiveIntegerField(_("满意"), default=0)
    basic = models.PositiveIntegerField(_("基本满意"), default=0)
    dissatisfied = models.PositiveIntegerField(_("不满意"), default=0)
    abstain = models.PositiveIntegerField(_("弃权"), default=0)

    class Meta:
        ordering = ["evaluation", "task__sort_key"]
        verbose_name = _("纸质测评计票")
        verbose_name_plural = _("纸质测评计票")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "task"], name="evaluation_tally_unique"),
        ]

    def __str__(self):
        return str(self.task)


class CitizenRating(models.Model):
    """A member of the public's rating of a completed item, shown apart from the deputies'."""

    task = models.ForeignKey(
        Task, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="citizen_ratings"
    )
    rating = models.CharField(_("评价"), max_length=12, choices=Rating.choices)
    created = models.DateField(_("日期"), auto_now_add=True)

    class Meta:
        ordering = ["task", "pk"]
        verbose_name = _("群众评价")
        verbose_name_plural = _("群众评价")
        constraints = [
            models.CheckConstraint(
                condition=~Q(rating="abstain"), name="citizen_rating_not_abstain"
            ),
        ]

    def __str__(self):
        return self.get_rating_display()
