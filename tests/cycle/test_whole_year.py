"""Issue 16's "Done": one jurisdiction's whole year, from the call for proposals in October
to the deputies' verdict the next January, through the portal's own pages and workflow."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.choices import Role
from cycle.choices import Field, ProposalState
from cycle.models import Ballot, Candidate, Proposal, VoteSession
from minsheng.lib.periods import Period
from progress import workflow
from progress.choices import ReportState
from progress.models import Report
from projects.choices import MilestoneProgressState, TaskStatus
from projects.models import Jurisdiction, Program, Unit

from .conftest import make_login, proposal_post

pytestmark = pytest.mark.django_db

FIELDS = [Field.EDUCATION, Field.HEALTH, Field.ELDERLY, Field.TRANSPORT, Field.HOUSING,
          Field.CHILDCARE]


def messages_of(response):
    return [str(m) for m in response.wsgi_request._messages]


def report_month(task, period, lead, office, *, complete=False, done_on=None):
    """One month's report through the workflow functions units and the office use."""
    updates = [
        {"milestone": m, "state": MilestoneProgressState.DONE if done_on else
         MilestoneProgressState.ON_TRACK, "done_on": done_on, "reason": "", "remedy": ""}
        for m in workflow.milestones_for_period(task, period)
    ]
    report = workflow.save_report(
        task, period, lead, narrative=f"{task.title}：本月按计划推进。", figure=None,
        declares_complete=complete, updates=updates, version=None,
    )
    workflow.submit(report, lead)
    workflow.approve(Report.objects.get(pk=report.pk), office)


def test_a_whole_year_from_the_publics_proposals_to_the_deputies_verdict(client):
    kaiping = Jurisdiction.objects.get(code="440783")
    units = [Unit.objects.create(jurisdiction=kaiping, name=name)
             for name in ("市教育局", "市卫生健康局", "市民政局", "市交通运输局")]
    office = make_login("kp-office", Role.SUPERVISOR, kaiping)
    leads = {u.pk: make_login(f"kp-unit{u.pk}", Role.REPORTER, kaiping, u) for u in units}

    # October: the office opens the call; thirty proposals arrive from thirty phones.
    with time_machine.travel("2026-10-08 09:00 +0800", tick=False):
        client.force_login(office)
        response = client.post(reverse("cycle:call_new"), {
            "year": 2027, "title": "开平市2027年民生实事项目征集", "opens_on": "2026-10-08",
            "closes_on": "2026-10-31", "areas": [f.value for f in FIELDS],
            "intro": "请市民提出2027年民生实事建议。",
        })
        call = kaiping.calls.get(year=2027)
        assert response.url == reverse("cycle:call", args=[call.pk])
        client.logout()
        receipts = []
        for n in range(1, 31):
            response = client.post(
                reverse("cycle:call_public", args=["440783", 2027]),
                proposal_post(field=FIELDS[n % len(FIELDS)].value, title=f"建议{n:02d}",
                              phone=f"1380000{n:04d}"),
                REMOTE_ADDR=f"10.0.0.{n}",
            )
            receipts.append(Proposal.objects.get(call=call, number=n).receipt)
            assert receipts[-1] in response.content.decode()

    # November: triage. 1–20 taken up, 21–25 duplicates of 1–5, 26–30 declined with a reason.
    with time_machine.travel("2026-11-05 09:00 +0800", tick=False):
        client.force_login(office)
        by_number = {p.number: p for p in call.proposals.all()}
        for n in range(1, 31):
            p = by_number[n]
            if n <= 20:
                data = {"action": "accept", "reason": "已纳入候选项目研究。"}
            elif n <= 25:
                data = {"action": "merge", "target": n - 20}
            else:
                data = {"action": "reject", "reason": "已列入部门年度工作计划，不再列为民生实事。"}
            client.post(reverse("cycle:triage", args=[p.pk]),
                        {f"p{p.pk}-{k}": v for k, v in data.items()})
        states = dict(call.proposals.values_list("number", "state"))
        assert [states[n] for n in (1, 21, 26)] == [
            ProposalState.ACCEPTED, ProposalState.MERGED, ProposalState.REJECTED]
        assert sum(s == ProposalState.MERGED for s in states.values()) == 5

        # Ten candidates, each from two accepted proposals, with units and milestones.
        for k in range(1, 11):
            lead = units[k % 4]
            response = client.post(reverse("cycle:candidate_new", args=["440783"]), {
                "year": 2027, "number": k, "field": FIELDS[k % len(FIELDS)].value,
                "title": f"候选项目{k:02d}", "content": f"第{k}项建设内容",
                "lead_unit": lead.pk, "co_units": [units[(k + 1) % 4].pk],
                "funding": str(100 * k), "deadline": "2027-12-31",
                "proposals": [by_number[2 * k - 1].pk, by_number[2 * k].pk],
                "milestones_text": "2027-03-31 完成方案\n2027-12-31 全面完成",
            })
            assert response.status_code == 302, response.content.decode()[:2000]
        candidates = list(Candidate.objects.filter(jurisdiction=kaiping, year=2027))
        assert len(candidates) == 10
        docx = client.get(reverse("cycle:candidates_docx", args=["440783", 2027]))
        assert docx.status_code == 200 and docx.content[:2] == b"PK"

    # January: the congress elects 8 of the 10 by 200 secret phone ballots, 12 invalid.
    with time_machine.travel("2027-01-12 09:00 +0800", tick=False):
        client.force_login(office)  # sessions end after a working day
        client.post(reverse("cycle:session_new"), {
            "year": 2027, "title": "开平市第十七届人民代表大会第三次会议民生实事项目票决",
            "places": 8, "deputies": 210, "present": 200,
            "candidates": [c.pk for c in candidates],
        })
        session = VoteSession.objects.get(jurisdiction=kaiping, year=2027)
        codes = client.post(reverse("cycle:session_codes", args=[session.pk]),
                            {"count": 200}).context["codes"]
        client.logout()
        by_number = {c.number: c for c in candidates}
        patterns = (
            [{n: "for" if n <= 8 else "against" for n in range(1, 11)}] * 120
            + [{n: "against" if n in (7, 8) else "for" for n in range(1, 11)}] * 40
            + [{n: "for" if n <= 5 else "abstain" for n in range(1, 11)}] * 28
            + [{n: "for" for n in range(1, 11)}] * 12  # ten "for" for eight places: invalid
        )
        for i, (code, marks) in enumerate(zip(codes, patterns, strict=True)):
            data = {"code": code, **{f"c{by_number[n].pk}": m for n, m in marks.items()}}
            response = client.post(reverse("cycle:ballot", args=[session.pk]), data,
                                   REMOTE_ADDR=f"10.1.{i // 250}.{i % 250}")
            assert "已收到您的选票" in response.content.decode()
        assert Ballot.objects.filter(session=session).count() == 200
        outcome = session.outcome()
        assert [line.candidate.number for line in outcome.elected] == [1, 2, 3, 4, 5, 6, 7, 8]
        assert outcome.threshold == 101
        assert session.ballot_figures()["invalid"] == 12

        client.force_login(office)
        client.post(reverse("cycle:session_confirm", args=[session.pk]))
        program = Program.objects.get(jurisdiction=kaiping, year=2027)
        program.publish()
        tasks = list(program.tasks.with_details().order_by("sort_key"))
        assert [t.title for t in tasks] == [f"候选项目{k:02d}" for k in range(1, 9)]
        assert all(t.lead_unit == by_number[int(t.number)].lead_unit for t in tasks)
        assert all(len(t.milestones.all()) == 2 for t in tasks)

    # March: a month of reports, filed by the lead units and approved by the office.
    with time_machine.travel("2027-03-28 10:00 +0800", tick=False):
        for task in tasks:
            report_month(task, Period(2027, 3), leads[task.lead_unit.pk], office,
                         done_on=datetime.date(2027, 3, 25))
        assert Report.objects.filter(state=ReportState.APPROVED).count() == 8

    # December: every item is reported complete.
    with time_machine.travel("2027-12-28 10:00 +0800", tick=False):
        for task in tasks:
            task.refresh_from_db()
            report_month(task, Period(2027, 12), leads[task.lead_unit.pk], office,
                         complete=True, done_on=datetime.date(2027, 12, 20))
        assert set(program.tasks.values_list("status", flat=True)) == {TaskStatus.COMPLETED}

    # The next January: the deputies evaluate (paper forms and two phones), the office
    # publishes, and a citizen rates one item.
    with time_machine.travel("2028-01-10 10:00 +0800", tick=False):
        client.force_login(office)
        client.post(reverse("cycle:evaluation_new", args=[program.pk]), {"deputies": 200})
        evaluation = program.evaluation
        tally = {}
        for task in tasks:
            for key, n in (("satisfied", 152), ("basic", 30), ("dissatisfied", 10),
                           ("abstain", 6)):
                tally[f"t{task.pk}-{key}"] = n
        client.post(reverse("cycle:evaluation_tally", args=[evaluation.pk]), tally)
        codes = client.post(reverse("cycle:evaluation_codes", args=[evaluation.pk]),
                            {"count": 2}).context["codes"]
        client.logout()
        for code in codes:
            client.post(reverse("cycle:evaluation_ballot", args=[evaluation.pk]),
                        {"code": code, **{f"t{t.pk}": "satisfied" for t in tasks}})
        client.force_login(office)
        client.post(reverse("cycle:evaluation_publish", args=[evaluation.pk]))
        client.logout()
        client.post(reverse("cycle:rate", args=["440783", 2027, "1"]), {"rating": "basic"})

        # What the public reads.
        summary = client.get(reverse("cycle:proposals", args=["440783", 2027])).content.decode()
        assert "共收到建议 30 条" in summary
        assert "候选项目01" in summary and "建议01" in summary
        assert "13800000001" not in summary
        vote = client.get(reverse("cycle:vote", args=["440783", 2027])).content.decode()
        assert "收回选票 200 张，其中无效票 12 张" in vote
        assert vote.count("<strong>当选</strong>") == 8
        report = client.get(reverse("portal:program", args=["440783", 2027])).content.decode()
        # The year's progress as the approved December reports state it (portal.facts).
        assert "进展情况（截至" in report and "已完成8项，占计划8项的100%" in report
        assert "人大代表测评总体满意率 92%" in report
        verdict = client.get(
            reverse("cycle:evaluation_public", args=["440783", 2027])).content.decode()
        assert "总体满意率 92%" in verdict
        assert "<td>154</td><td>30</td><td>10</td><td>6</td><td>92%</td>" in verdict
        assert "基本满意 1" in verdict  # the citizen's rating, shown apart
        lookup = client.get(reverse("cycle:lookup"), {"receipt": receipts[25]}).content.decode()
        assert "已列入部门年度工作计划" in lookup
