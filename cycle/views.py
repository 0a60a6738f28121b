"""Views of the yearly cycle. Office pages load their object through one helper per type,
which asks accounts.scope; the public pages start from what is public (any call, confirmed
votes, published programs and evaluations)."""

from collections import Counter

from auditlog.models import LogEntry
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.scope import scope_of
from progress.access import require_member
from projects.choices import TaskStatus
from projects.models import Jurisdiction, Program, Task, Unit

from . import documents, throttle
from .choices import Field, ProposalState, SessionState
from .forms import (
    BallotForm,
    CallForm,
    CandidateForm,
    CitizenRatingForm,
    CodesForm,
    EvaluationBallotForm,
    EvaluationForm,
    EvaluationTallyForm,
    LookupForm,
    OpinionForm,
    ProposalForm,
    SessionForm,
    TallyForm,
    TriageForm,
)
from .models import (
    Call,
    Candidate,
    CitizenRating,
    Evaluation,
    EvaluationTally,
    Proposal,
    Tally,
    VoteSession,
)
from .rollup import below_with_results, year_rollup

PROPOSALS_PER_HOUR = 5
WRONG_CODES_PER_HOUR = 20
RATINGS_PER_HOUR = 20
RATED_COOKIE = "cycle_rated"


# -- access: one helper per object type ----------------------------------------------------


def _office_scope(user):
    """Administrators and supervision offices; anyone else 403 (anonymous: the login)."""
    require_member(user)
    scope = scope_of(user)
    if not (scope.is_admin or scope.is_office):
        raise PermissionDenied
    return scope


def _load(user, queryset, pk, path: str, act: bool):
    """The object if its jurisdiction is in the office's subtree (else 404); acting on it
    needs the jurisdiction's own office (else 403)."""
    scope = _office_scope(user)
    obj = get_object_or_404(queryset.filter(scope.jurisdiction_q(path)), pk=pk)
    jurisdiction = obj
    for step in path.split("__"):
        jurisdiction = getattr(jurisdiction, step)
    if act and not scope.may_run_consultation(jurisdiction):
        raise PermissionDenied
    return obj


def call_for(user, pk, act=False) -> Call:
    return _load(user, Call.objects.select_related("jurisdiction"), pk, "jurisdiction", act)


def proposal_for(user, pk, act=False) -> Proposal:
    queryset = Proposal.objects.select_related("call__jurisdiction")
    return _load(user, queryset, pk, "call__jurisdiction", act)


def candidate_for(user, pk, act=False) -> Candidate:
    return _load(user, Candidate.objects.select_related("jurisdiction"), pk, "jurisdiction", act)


def session_for(user, pk, act=False) -> VoteSession:
    queryset = VoteSession.objects.select_related("jurisdiction", "program")
    return _load(user, queryset, pk, "jurisdiction", act)


def evaluation_for(user, pk, act=False) -> Evaluation:
    queryset = Evaluation.objects.select_related("program__jurisdiction")
    return _load(user, queryset, pk, "program__jurisdiction", act)


def jurisdiction_for(user, code, act=False) -> Jurisdiction:
    scope = _office_scope(user)
    jurisdiction = get_object_or_404(scope.jurisdictions(), code=code)
    if act and not scope.may_run_consultation(jurisdiction):
        raise PermissionDenied
    return jurisdiction


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _note(obj, user, text: str) -> None:
    """An office action that changes no field of its own (e.g. codes printed) in the trail."""
    LogEntry.objects.log_create(
        obj, action=LogEntry.Action.UPDATE, changes={"note": ["", text]}, actor=user
    )


# -- the office: overview and calls ----------------------------------------------------------


def office_home(request):
    scope = _office_scope(request.user)
    calls = (
        Call.objects.filter(scope.jurisdiction_q())
        .select_related("jurisdiction")
        .annotate(received=Count("proposals"))
    )
    candidates = (
        Candidate.objects.filter(scope.jurisdiction_q())
        .values("jurisdiction__code", "jurisdiction__name", "year")
        .annotate(count=Count("pk"))
        .order_by("jurisdiction__code", "-year")
    )
    sessions = list(
        VoteSession.objects.filter(scope.jurisdiction_q()).select_related("jurisdiction")
    )
    programs = list(
        scope.programs(Program.objects.select_related("jurisdiction", "evaluation"))
        .filter(vote_sessions__isnull=False)
        .distinct()
    )
    calls, candidates = list(calls), list(candidates)
    # The roll-up's years are those the lists above already hold: no query to find them.
    years = sorted(
        {c.year for c in calls} | {g["year"] for g in candidates} | {s.year for s in sessions}
        | {p.year for p in programs},
        reverse=True,
    )
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and int(year) in years else (years[0] if years else None)
    rollup, total = year_rollup(scope.jurisdictions(), year) if year else ([], None)
    return render(
        request,
        "cycle/office_home.html",
        {
            "calls": calls,
            "candidate_groups": candidates,
            "sessions": sessions,
            "programs": programs,
            "years": years,
            "year": year,
            "rollup": rollup,
            "total": total,
            "own": scope.office or None,
            "scope": scope,
        },
    )


@require_http_methods(["GET", "POST"])
def call_new(request):
    scope = _office_scope(request.user)
    if scope.office is None:  # an administrator opens calls in the admin
        raise PermissionDenied
    jurisdiction = scope.office
    call = Call(jurisdiction=jurisdiction)
    form = CallForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        call = form.save()
        messages.success(request, _("已发起征集。"))
        return redirect("cycle:call", call.pk)
    return render(request, "cycle/call_form.html", {"form": form, "jurisdiction": jurisdiction})


def call_detail(request, pk):
    call = call_for(request.user, pk)
    scope = scope_of(request.user)
    state = request.GET.get("state", "")
    proposals = call.proposals.select_related("merged_into", "forwarded_to").prefetch_related(
        "candidates"
    )
    if state in ProposalState.values:
        proposals = proposals.filter(state=state)
    may_act = scope.may_run_consultation(call.jurisdiction)
    units = list(Unit.objects.filter(jurisdiction=call.jurisdiction_id)) if may_act else []
    rows = [
        (p, TriageForm(proposal=p, units=units, prefix=f"p{p.pk}") if may_act else None)
        for p in proposals
    ]
    counts = Counter(call.proposals.values_list("state", flat=True))
    return render(
        request,
        "cycle/call_detail.html",
        {
            "call": call,
            "rows": rows,
            "may_act": may_act,
            "see_contacts": scope.may_see_proposer(call.jurisdiction),
            "states": [(v, label, counts.get(v, 0)) for v, label in ProposalState.choices],
            "state": state,
            "total": sum(counts.values()),
        },
    )


@require_POST
def proposal_triage(request, pk):
    proposal = proposal_for(request.user, pk, act=True)
    units = Unit.objects.filter(jurisdiction=proposal.call.jurisdiction_id)
    form = TriageForm(request.POST, proposal=proposal, units=units, prefix=f"p{proposal.pk}")
    if form.is_valid():
        try:
            form.apply()
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(
                request,
                _("建议 %(receipt)s：%(state)s")
                % {"receipt": proposal.receipt, "state": proposal.get_state_display()},
            )
    else:
        errors = [f"{form.fields[k].label}：{e}" if k != "__all__" else e
                  for k, es in form.errors.items() for e in es]
        messages.error(request, _("建议 %(receipt)s 未办理：") % {"receipt": proposal.receipt}
                       + "；".join(errors))
    return redirect(reverse("cycle:call", args=[proposal.call_id]) + f"#p{pk}")


def call_export(request, pk):
    call = call_for(request.user, pk)
    scope = scope_of(request.user)
    proposals = call.proposals.select_related("merged_into", "forwarded_to")
    data = documents.proposals_xlsx(
        call, proposals, with_contacts=scope.may_see_proposer(call.jurisdiction)
    )
    return _download(data, documents.XLSX, f"{call.jurisdiction.code}-{call.year}-proposals.xlsx")


# -- units answer forwarded proposals ---------------------------------------------------------


def opinions(request):
    require_member(request.user)
    scope = scope_of(request.user)
    if not scope.is_reporter:
        raise PermissionDenied
    proposals = Proposal.objects.filter(forwarded_to=scope.unit_id).select_related("call")
    return render(
        request,
        "cycle/opinions.html",
        {"rows": [(p, OpinionForm(prefix=f"p{p.pk}", initial={"opinion": p.unit_opinion}))
                  for p in proposals]},
    )


@require_POST
def opinion(request, pk):
    require_member(request.user)
    scope = scope_of(request.user)
    proposal = get_object_or_404(Proposal.objects.filter(forwarded_to__isnull=False), pk=pk)
    if not scope.may_give_opinion(proposal):
        raise Http404
    form = OpinionForm(request.POST, prefix=f"p{pk}")
    if form.is_valid():
        proposal.give_opinion(form.cleaned_data["opinion"])
        messages.success(request, _("意见已提交督查室。"))
    else:
        messages.error(request, _("请填写单位意见。"))
    return redirect("cycle:opinions")


# -- candidates ---------------------------------------------------------------------------------


def candidate_list(request, code, year):
    jurisdiction = jurisdiction_for(request.user, code)
    candidates = (
        Candidate.objects.filter(jurisdiction=jurisdiction, year=year)
        .select_related("lead_unit")
        .prefetch_related("co_units", "milestones", "proposals")
    )
    return render(
        request,
        "cycle/candidate_list.html",
        {
            "jurisdiction": jurisdiction,
            "year": year,
            "candidates": candidates,
            "may_act": scope_of(request.user).may_run_consultation(jurisdiction),
        },
    )


@require_http_methods(["GET", "POST"])
def candidate_new(request, code):
    jurisdiction = jurisdiction_for(request.user, code, act=True)
    initial = {}
    proposal_pk = request.GET.get("proposal")
    if proposal_pk and proposal_pk.isdigit():
        source = Proposal.objects.filter(pk=proposal_pk, call__jurisdiction=jurisdiction).first()
        if source is not None:
            initial = {
                "year": source.call.year, "field": source.field, "title": source.title,
                "content": source.content, "proposals": [source.pk],
            }
    form = CandidateForm(request.POST or None, jurisdiction=jurisdiction, initial=initial)
    return _save_candidate(request, form, jurisdiction)


@require_http_methods(["GET", "POST"])
def candidate_edit(request, pk):
    candidate = candidate_for(request.user, pk, act=True)
    form = CandidateForm(
        request.POST or None, instance=candidate, jurisdiction=candidate.jurisdiction
    )
    return _save_candidate(request, form, candidate.jurisdiction)


def _save_candidate(request, form, jurisdiction):
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            candidate = form.save()
        messages.success(request, _("候选项目已保存。"))
        return redirect("cycle:candidates", jurisdiction.code, candidate.year)
    return render(request, "cycle/candidate_form.html", {"form": form, "jurisdiction": jurisdiction})


def candidates_docx(request, code, year):
    jurisdiction = jurisdiction_for(request.user, code)
    candidates = (
        Candidate.objects.filter(jurisdiction=jurisdiction, year=year)
        .select_related("lead_unit")
        .prefetch_related("co_units", "milestones")
    )
    data = documents.candidates_docx(jurisdiction, year, candidates)
    return _download(data, documents.DOCX, f"{code}-{year}-candidates.docx")


# -- the vote ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def session_new(request):
    scope = _office_scope(request.user)
    if scope.office is None:
        raise PermissionDenied
    form = SessionForm(request.POST or None, jurisdiction=scope.office)
    if request.method == "POST" and form.is_valid():
        session = form.save()
        messages.success(request, _("票决会议已建立。"))
        return redirect("cycle:session", session.pk)
    return render(request, "cycle/session_form.html", {"form": form})


def _session_context(session):
    return {
        "session": session,
        "outcome": session.outcome(),
        "figures": session.ballot_figures(),
    }


def session_detail(request, pk):
    session = session_for(request.user, pk)
    context = _session_context(session)
    context["may_act"] = scope_of(request.user).may_run_consultation(session.jurisdiction)
    context["codes_form"] = CodesForm()
    return render(request, "cycle/session_detail.html", context)


@require_POST
def session_codes(request, pk):
    session = session_for(request.user, pk, act=True)
    if not session.is_open:
        raise PermissionDenied
    form = CodesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("生成张数应在 1 至 2000 之间。"))
        return redirect("cycle:session", pk)
    codes = session.issue_codes(form.cleaned_data["count"])
    _note(session, request.user, _("生成选票码 %(count)d 个") % {"count": len(codes)})
    # The only time the codes are shown: printed and handed out, never stored in the clear.
    response = render(request, "cycle/codes.html", {"codes": codes, "owner": session,
                                                     "kind": _("选票码")})
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def session_tally(request, pk):
    session = session_for(request.user, pk, act=True)
    if not session.is_open:
        raise PermissionDenied
    form = TallyForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            session.paper_ballots = form.cleaned_data["paper_ballots"]
            session.paper_invalid = form.cleaned_data["paper_invalid"]
            session.save(update_fields=["paper_ballots", "paper_invalid", "last_updated"])
            for candidate, (votes_for, against, abstain) in form.lines():
                Tally.objects.update_or_create(
                    session=session,
                    candidate=candidate,
                    defaults={"votes_for": votes_for, "against": against, "abstain": abstain},
                )
        messages.success(request, _("纸质票计票结果已保存。"))
        return redirect("cycle:session", pk)
    return render(request, "cycle/tally_form.html", {"form": form, "session": session})


@require_POST
def session_confirm(request, pk):
    session = session_for(request.user, pk, act=True)
    try:
        program = session.confirm(request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("cycle:session", pk)
    messages.success(
        request,
        _("票决结果已确认，已生成“%(program)s”，共 %(count)d 项。")
        % {"program": program.title, "count": program.tasks.count()},
    )
    return redirect("cycle:session", pk)


# -- the evaluation ------------------------------------------------------------------------------


def _program_for(user, pk, act=False) -> Program:
    return _load(user, Program.objects.select_related("jurisdiction"), pk, "jurisdiction", act)


@require_http_methods(["GET", "POST"])
def evaluation_new(request, pk):
    program = _program_for(request.user, pk, act=True)
    if Evaluation.objects.filter(program=program).exists():
        return redirect("cycle:evaluation", program.evaluation.pk)
    form = EvaluationForm(request.POST or None, instance=Evaluation(program=program))
    if request.method == "POST" and form.is_valid():
        evaluation = form.save()
        messages.success(request, _("代表测评已开始。"))
        return redirect("cycle:evaluation", evaluation.pk)
    return render(request, "cycle/evaluation_form.html", {"form": form, "program": program})


def evaluation_detail(request, pk):
    evaluation = evaluation_for(request.user, pk)
    rows, total, overall = evaluation.results()
    return render(
        request,
        "cycle/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "rows": rows,
            "total": total,
            "overall": overall,
            "cast": evaluation.ballots.count(),
            "codes_issued": evaluation.codes.count(),
            "may_act": scope_of(request.user).may_run_consultation(
                evaluation.program.jurisdiction
            ),
            "codes_form": CodesForm(),
        },
    )


@require_POST
def evaluation_codes(request, pk):
    evaluation = evaluation_for(request.user, pk, act=True)
    if not evaluation.is_open:
        raise PermissionDenied
    form = CodesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("生成张数应在 1 至 2000 之间。"))
        return redirect("cycle:evaluation", pk)
    codes = evaluation.issue_codes(form.cleaned_data["count"])
    _note(evaluation, request.user, _("生成测评码 %(count)d 个") % {"count": len(codes)})
    response = render(request, "cycle/codes.html", {"codes": codes, "owner": evaluation,
                                                     "kind": _("测评码")})
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def evaluation_tally(request, pk):
    evaluation = evaluation_for(request.user, pk, act=True)
    if not evaluation.is_open:
        raise PermissionDenied
    form = EvaluationTallyForm(
        request.POST or None, evaluation=evaluation, initial={"deputies": evaluation.deputies}
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for task, values in form.lines():
                EvaluationTally.objects.update_or_create(
                    evaluation=evaluation,
                    task=task,
                    defaults=dict(
                        zip(("satisfied", "basic", "dissatisfied", "abstain"), values, strict=True)
                    ),
                )
        messages.success(request, _("纸质测评结果已保存。"))
        return redirect("cycle:evaluation", pk)
    return render(
        request, "cycle/evaluation_tally.html", {"form": form, "evaluation": evaluation}
    )


@require_POST
def evaluation_publish(request, pk):
    evaluation = evaluation_for(request.user, pk, act=True)
    try:
        evaluation.publish()
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("测评结果已公布。"))
    return redirect("cycle:evaluation", pk)


# -- the public ----------------------------------------------------------------------------------


def _public_call(code, year) -> Call:
    return get_object_or_404(
        Call.objects.select_related("jurisdiction"), jurisdiction__code=code, year=year
    )


@require_http_methods(["GET", "POST"])
def call_public(request, code, year):
    call = _public_call(code, year)
    is_open = call.is_open(timezone.localdate())
    form = ProposalForm(request.POST or None, call=call) if is_open else None
    if request.method == "POST":
        if not is_open:
            raise Http404
        if not throttle.allow(request, "proposal", PROPOSALS_PER_HOUR):
            form.add_error(None, _("同一网络一小时内最多提交 %(n)d 条建议，请稍后再试。")
                           % {"n": PROPOSALS_PER_HOUR})
        elif form.is_valid():
            proposal = Proposal.submit(call, **form.proposal_fields())
            return render(request, "cycle/receipt.html", {"proposal": proposal, "new": True})
    return render(
        request, "cycle/call_public.html", {"call": call, "form": form, "is_open": is_open}
    )


def lookup(request):
    form = LookupForm(request.GET or None)
    proposal = None
    if form.is_bound and form.is_valid():
        if not throttle.allow(request, "lookup", 60):
            form.add_error(None, _("查询太频繁，请稍后再试。"))
        else:
            proposal = (
                Proposal.objects.select_related("call__jurisdiction", "merged_into")
                .filter(receipt__iexact=form.cleaned_data["receipt"].strip())
                .first()
            )
            if proposal is None:
                form.add_error("receipt", _("没有找到这个回执号，请核对后再查。"))
    return render(request, "cycle/lookup.html", {"form": form, "proposal": proposal})


def proposals_summary(request, code, year):
    call = _public_call(code, year)
    by_field = Counter(call.proposals.values_list("field", flat=True))
    fields = [(label, by_field[value]) for value, label in Field.choices if by_field[value]]
    candidates = (
        Candidate.objects.filter(jurisdiction=call.jurisdiction, year=year)
        .prefetch_related(Prefetch("proposals", queryset=Proposal.objects.order_by("number")))
    )
    return render(
        request,
        "cycle/proposals_summary.html",
        {
            "call": call,
            "fields": fields,
            "total": sum(by_field.values()),
            "candidates": candidates,
            "below": below_with_results(call.jurisdiction, year),
            "year": year,
        },
    )


def vote_public(request, code, year):
    sessions = list(
        VoteSession.objects.filter(
            jurisdiction__code=code, year=year, state=SessionState.CONFIRMED
        ).select_related("jurisdiction", "program")
    )
    if not sessions:
        raise Http404
    results = [_session_context(session) for session in sessions]
    jurisdiction = sessions[0].jurisdiction
    return render(
        request,
        "cycle/vote_public.html",
        {
            "results": results,
            "jurisdiction": jurisdiction,
            "year": year,
            "below": below_with_results(jurisdiction, year),
        },
    )


@require_http_methods(["GET", "POST"])
def ballot(request, pk):
    session = get_object_or_404(
        VoteSession.objects.select_related("jurisdiction"), pk=pk, state=SessionState.OPEN
    )
    form = BallotForm(request.POST or None, session=session)
    if request.method == "POST":
        # Only wrong codes count: the whole congress may vote from one hall's network.
        if throttle.blocked(request, f"ballot{pk}", WRONG_CODES_PER_HOUR):
            form.add_error(None, _("尝试次数过多，请稍后再试或联系工作人员。"))
        elif form.is_valid():
            try:
                cast = session.cast(form.cleaned_data["code"], form.choices())
            except ValidationError as error:
                throttle.hit(request, f"ballot{pk}")
                form.add_error("code" if error.code == "bad_code" else None, error)
            else:
                return render(request, "cycle/ballot_done.html",
                              {"session": session, "valid": cast.is_valid})
    return render(request, "cycle/ballot.html", {"session": session, "form": form})


@require_http_methods(["GET", "POST"])
def evaluation_ballot(request, pk):
    evaluation = get_object_or_404(
        Evaluation.objects.select_related("program__jurisdiction"), pk=pk, state="open"
    )
    form = EvaluationBallotForm(request.POST or None, evaluation=evaluation)
    if request.method == "POST":
        if throttle.blocked(request, f"evaluation{pk}", WRONG_CODES_PER_HOUR):
            form.add_error(None, _("尝试次数过多，请稍后再试或联系工作人员。"))
        elif form.is_valid():
            try:
                evaluation.cast(form.cleaned_data["code"], form.ratings())
            except ValidationError as error:
                throttle.hit(request, f"evaluation{pk}")
                form.add_error("code" if error.code == "bad_code" else None, error)
            else:
                return render(request, "cycle/ballot_done.html",
                              {"evaluation": evaluation, "valid": True})
    return render(
        request, "cycle/evaluation_ballot.html", {"evaluation": evaluation, "form": form}
    )


def _rated(request) -> set[int]:
    try:
        value = request.get_signed_cookie(RATED_COOKIE, default="", salt=RATED_COOKIE)
    except signing.BadSignature:
        return set()
    return {int(pk) for pk in value.split(",") if pk.isdigit()}


def _published_program(code, year) -> Program:
    return get_object_or_404(
        Program.objects.published().select_related("jurisdiction"),
        jurisdiction__code=code,
        year=year,
    )


def evaluation_public(request, code, year):
    program = _published_program(code, year)
    evaluation = Evaluation.objects.filter(program=program, state="published").first()
    context = {"program": program, "evaluation": evaluation}
    if evaluation is not None:
        context["rows"], context["total"], context["overall"] = evaluation.results()
    tasks = list(Task.objects.for_program(program).filter(status=TaskStatus.COMPLETED))
    counts = Counter(
        CitizenRating.objects.filter(task__program=program).values_list("task", "rating")
    )
    rated = _rated(request)
    context["citizen_rows"] = [
        {
            "task": task,
            "counts": [counts[(task.pk, r)] for r in ("satisfied", "basic", "dissatisfied")],
            "rated": task.pk in rated,
        }
        for task in tasks
    ]
    context["rating_form"] = CitizenRatingForm()
    return render(request, "cycle/evaluation_public.html", context)


@require_POST
def citizen_rate(request, code, year, number):
    program = _published_program(code, year)
    task = get_object_or_404(
        Task.objects.for_program(program), number=number, status=TaskStatus.COMPLETED
    )
    target = redirect("cycle:evaluation_public", code, year)
    rated = _rated(request)
    form = CitizenRatingForm(request.POST)
    if task.pk in rated:
        messages.info(request, _("您已评价过这一项，谢谢。"))
        return target
    if not form.is_valid():
        messages.error(request, _("请选择满意、基本满意或不满意。"))
        return target
    if not throttle.allow(request, "rating", RATINGS_PER_HOUR):
        messages.error(request, _("评价太频繁，请稍后再试。"))
        return target
    CitizenRating.objects.create(task=task, rating=form.cleaned_data["rating"])
    messages.success(request, _("谢谢您的评价。"))
    rated.add(task.pk)
    target.set_signed_cookie(
        RATED_COOKIE, ",".join(str(pk) for pk in sorted(rated)), salt=RATED_COOKIE,
        max_age=400 * 24 * 3600, httponly=True, samesite="Lax",
    )
    return target
