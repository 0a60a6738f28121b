"""The call for proposals: the public's form, the receipt, the office's triage, the export."""

import io

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from cycle.choices import ProposalState
from cycle.models import Proposal

from .conftest import proposal_post, started

pytestmark = pytest.mark.django_db


def public_url(world):
    return reverse("cycle:call_public", args=["440783", 2027])


def test_anyone_submits_a_proposal_and_gets_a_receipt_to_look_it_up(client, cycle_world):
    response = client.post(public_url(cycle_world), proposal_post(), REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 200
    proposal = Proposal.objects.latest("pk")
    assert proposal.number == 2 and proposal.receipt.startswith("440783-2027-0002-")
    assert proposal.receipt in response.content.decode()
    found = client.get(reverse("cycle:lookup"), {"receipt": proposal.receipt.lower()})
    page = found.content.decode()
    assert "学校门口增设红绿灯" in page and "已收到" in page
    assert "13800001111" not in page  # the phone is for the office only


def test_an_unknown_receipt_says_so(client, cycle_world):
    response = client.get(reverse("cycle:lookup"), {"receipt": "440783-2027-0001-ZZZZ"})
    assert "没有找到这个回执号" in response.content.decode()


def test_the_honeypot_refuses_a_bot_and_saves_nothing(client, cycle_world):
    response = client.post(public_url(cycle_world), proposal_post(website="http://spam"))
    assert "提交未成功" in response.content.decode()
    assert Proposal.objects.count() == 1


def test_a_form_sent_within_seconds_of_opening_is_refused(client, cycle_world):
    response = client.post(public_url(cycle_world), proposal_post(started=started(1)))
    assert "提交太快了" in response.content.decode()
    assert Proposal.objects.count() == 1


def test_a_forged_start_time_is_refused(client, cycle_world):
    response = client.post(public_url(cycle_world), proposal_post(started="12345"))
    assert "表单已失效" in response.content.decode()


def test_a_missing_title_is_named_and_nothing_is_saved(client, cycle_world):
    response = client.post(public_url(cycle_world), proposal_post(title=""))
    assert response.status_code == 200
    assert "cycle-field--error" in response.content.decode()
    assert Proposal.objects.count() == 1


def test_one_address_may_send_five_proposals_an_hour(client, cycle_world):
    for _n in range(5):
        client.post(public_url(cycle_world), proposal_post(), REMOTE_ADDR="10.0.0.9")
    response = client.post(public_url(cycle_world), proposal_post(), REMOTE_ADDR="10.0.0.9")
    assert "一小时内最多提交 5 条" in response.content.decode()
    assert Proposal.objects.count() == 6
    other = client.post(public_url(cycle_world), proposal_post(), REMOTE_ADDR="10.0.0.10")
    assert other.status_code == 200 and Proposal.objects.count() == 7


def test_a_closed_call_shows_no_form(client, cycle_world):
    call = cycle_world.call
    call.closes_on = call.opens_on
    call.save()
    response = client.get(public_url(cycle_world))
    assert "暂不接收新的建议" in response.content.decode()
    assert client.post(public_url(cycle_world), proposal_post()).status_code == 404


def triage(client, proposal, **data):
    post = {f"p{proposal.pk}-{key}": value for key, value in data.items()}
    return client.post(reverse("cycle:triage", args=[proposal.pk]), post)


def test_the_office_rejects_with_a_reason_the_proposer_reads(client, cycle_world):
    client.force_login(cycle_world.office)
    proposal = cycle_world.proposal
    triage(client, proposal, action="reject", reason="已列入今年交通专项计划。")
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.REJECTED
    client.logout()
    page = client.get(reverse("cycle:lookup"), {"receipt": proposal.receipt}).content.decode()
    assert "未采纳" in page and "已列入今年交通专项计划。" in page


def test_a_rejection_without_a_reason_is_refused(client, cycle_world):
    client.force_login(cycle_world.office)
    response = triage(client, cycle_world.proposal, action="reject", reason="")
    cycle_world.proposal.refresh_from_db()
    assert cycle_world.proposal.state == ProposalState.RECEIVED
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("不采纳时须写明理由" in m for m in messages)


def test_duplicates_merge_into_one_and_follow_it(client, cycle_world):
    call = cycle_world.call
    second = Proposal.submit(call, field="education", title="同上", content="红绿灯",
                             beneficiaries="学生")
    third = Proposal.submit(call, field="education", title="再同上", content="红绿灯",
                            beneficiaries="学生")
    client.force_login(cycle_world.office)
    triage(client, third, action="merge", target=second.number)
    triage(client, second, action="merge", target=cycle_world.proposal.number)
    third.refresh_from_db()
    second.refresh_from_db()
    assert second.merged_into == cycle_world.proposal
    assert third.merged_into == cycle_world.proposal
    assert cycle_world.proposal.receipt in second.public_reason


def test_merging_into_itself_is_refused(client, cycle_world):
    client.force_login(cycle_world.office)
    proposal = cycle_world.proposal
    triage(client, proposal, action="merge", target=proposal.number)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.RECEIVED


def test_the_office_forwards_to_a_unit_which_gives_its_opinion(client, cycle_world):
    client.force_login(cycle_world.office)
    triage(client, cycle_world.proposal, action="forward", unit=cycle_world.education.pk)
    client.force_login(cycle_world.unit)
    page = client.get(reverse("cycle:opinions")).content.decode()
    assert "学校门口增设红绿灯" in page
    client.post(
        reverse("cycle:opinion", args=[cycle_world.proposal.pk]),
        {f"p{cycle_world.proposal.pk}-opinion": "可行，约需资金50万元。"},
    )
    cycle_world.proposal.refresh_from_db()
    assert cycle_world.proposal.state == ProposalState.FORWARDED
    assert cycle_world.proposal.unit_opinion == "可行，约需资金50万元。"


def test_triage_is_in_the_audit_trail_with_its_actor(client, cycle_world):
    client.force_login(cycle_world.office)
    triage(client, cycle_world.proposal, action="accept", reason="")
    entry = LogEntry.objects.get_for_object(cycle_world.proposal).first()
    assert entry.actor == cycle_world.office
    assert entry.changes_dict["state"] == ["received", "accepted"]


def test_the_export_keeps_formulas_typed_by_the_public_as_text(client, cycle_world):
    Proposal.submit(cycle_world.call, field="health", title="=HYPERLINK(\"http://x\")",
                    content="+86 12345", beneficiaries="@everyone", phone="-1")
    client.force_login(cycle_world.office)
    response = client.get(reverse("cycle:call_export", args=[cycle_world.call.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    row = [cell for cell in sheet[3]]
    assert row[3].value == '=HYPERLINK("http://x")' and row[3].data_type == "s"
    assert row[4].value == "+86 12345" and row[4].data_type == "s"
    assert row[5].value == "@everyone" and row[5].data_type == "s"
    assert sheet.cell(row=1, column=14).value == "联系电话"


def test_the_county_office_above_reads_the_export_without_contacts(client, cycle_world):
    client.force_login(cycle_world.city_office)
    response = client.get(reverse("cycle:call_export", args=[cycle_world.call.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_column == 12
    assert "13800001111" not in [c.value for row in sheet.iter_rows() for c in row]


def test_the_public_summary_counts_by_field_and_lists_candidates(client, cycle_world):
    cycle_world.candidates[0].proposals.add(cycle_world.proposal)
    page = client.get(reverse("cycle:proposals", args=["440783", 2027])).content.decode()
    assert "共收到建议 1 条" in page
    assert "教育" in page
    assert "候选项目1" in page and "学校门口增设红绿灯" in page
    assert "陈小姐" not in page
