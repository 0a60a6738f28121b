"""The county (or city) office's view of one year of the cycle across its subtree: one row per
jurisdiction (its own, each district, town and street) and a total. Five grouped queries,
however many jurisdictions there are."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q

from projects.models import Jurisdiction, Program

from .choices import EvaluationState, ProposalState, SessionState
from .models import Call, Candidate, VoteSession


@dataclass
class RollupRow:
    jurisdiction: Jurisdiction | None = None  # None on the total row
    depth: int = 0
    call_pk: int | None = None
    received: int = 0
    accepted: int = 0
    merged: int = 0
    rejected: int = 0
    candidates: int = 0
    sessions: list = field(default_factory=list)  # (pk, state, candidates)
    program: Program | None = None
    items: int = 0
    # totals only
    calls: int = 0
    votes_held: int = 0
    evaluations_published: int = 0
    programs: int = 0

    @property
    def vote_state(self) -> str:
        """"none", "open" (voting still going on) or "held" (every session confirmed)."""
        if not self.sessions:
            return "none"
        if any(state == SessionState.OPEN for _pk, state, _n in self.sessions):
            return "open"
        return "held"

    @property
    def session_pk(self) -> int | None:
        """The latest session, the one the row links to."""
        return self.sessions[-1][0] if self.sessions else None

    @property
    def voted_on(self) -> int:
        """Candidates put to the deputies in the confirmed sessions."""
        return sum(n for _pk, state, n in self.sessions if state == SessionState.CONFIRMED)

    @property
    def elected(self) -> int:
        """Items of the program the vote produced: one per elected candidate."""
        return self.items if self.program is not None and self.vote_state == "held" else 0

    @property
    def evaluation(self):
        return getattr(self.program, "evaluation", None) if self.program else None


def year_rollup(jurisdictions, year: int) -> tuple[list[RollupRow], RollupRow]:
    """Rows for `jurisdictions` (a queryset: the office's subtree) in tree order, and the
    total. `jurisdictions` is filtered in SQL by the same prefix the other queries use."""
    jurisdictions = list(jurisdictions.order_by("path"))
    rows = {j.pk: RollupRow(jurisdiction=j) for j in jurisdictions}
    top = min((j.path.count("/") for j in jurisdictions), default=0)
    for j in jurisdictions:
        rows[j.pk].depth = j.path.count("/") - top
    within = Q(jurisdiction__in=[j.pk for j in jurisdictions])

    def of_state(state):
        return Count("proposals", filter=Q(proposals__state=state))

    calls = (
        Call.objects.filter(within, year=year)
        .annotate(
            received=Count("proposals"),
            accepted=of_state(ProposalState.ACCEPTED),
            merged=of_state(ProposalState.MERGED),
            rejected=of_state(ProposalState.REJECTED),
        )
        .values("pk", "jurisdiction_id", "received", "accepted", "merged", "rejected")
        .order_by()
    )
    for call in calls:
        row = rows[call["jurisdiction_id"]]
        row.call_pk = call["pk"]
        for name in ("received", "accepted", "merged", "rejected"):
            setattr(row, name, call[name])
    candidates = (
        Candidate.objects.filter(within, year=year)
        .values("jurisdiction_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for group in candidates:
        rows[group["jurisdiction_id"]].candidates = group["n"]
    sessions = (
        VoteSession.objects.filter(within, year=year)
        .annotate(n=Count("candidates"))
        .values_list("pk", "jurisdiction_id", "state", "n")
        .order_by("pk")
    )
    for pk, jurisdiction_id, state, n in sessions:
        rows[jurisdiction_id].sessions.append((pk, state, n))
    programs = (
        Program.objects.filter(within, year=year)
        .select_related("evaluation")
        .annotate(n_items=Count("tasks"))
    )
    for program in programs:
        rows[program.jurisdiction_id].program = program
        rows[program.jurisdiction_id].items = program.n_items

    ordered = [rows[j.pk] for j in jurisdictions]
    total = RollupRow()
    for row in ordered:
        for name in ("received", "accepted", "merged", "rejected", "candidates", "items"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
        total.calls += row.call_pk is not None
        total.votes_held += row.vote_state == "held"
        total.programs += row.program is not None
        evaluation = row.evaluation
        total.evaluations_published += (
            evaluation is not None and evaluation.state == EvaluationState.PUBLISHED
        )
    return ordered, total


def below_with_results(jurisdiction: Jurisdiction, year: int):
    """The districts, towns and streets under `jurisdiction` with a call or a confirmed vote
    in `year`, for the public pages to link to: one query."""
    prefix = jurisdiction.path or f"{jurisdiction.code}/"
    return (
        Jurisdiction.objects.filter(path__startswith=prefix)
        .exclude(pk=jurisdiction.pk)
        .annotate(
            has_call=Exists(Call.objects.filter(jurisdiction=OuterRef("pk"), year=year)),
            has_vote=Exists(
                VoteSession.objects.filter(
                    jurisdiction=OuterRef("pk"), year=year, state=SessionState.CONFIRMED
                )
            ),
        )
        .filter(Q(has_call=True) | Q(has_vote=True))
        .order_by("path")
    )
