"""The county office's cycle page totals a year across the county and its towns (and the
city office's across its districts and their towns), in a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse

from cycle.models import Call, Candidate, Evaluation, EvaluationTally, Proposal, VoteSession
from projects.models import Jurisdiction, Unit
from tests.conftest import session_queries

pytestmark = pytest.mark.django_db


def town_year(code, name, parent, *, year=2027, proposals=4, candidates=3, places=2,
              evaluate=True):
    """A town's whole year through the models: a call, proposals (one accepted, one merged,
    one rejected), candidates, a confirmed vote, the published program and its evaluation."""
    town = Jurisdiction.objects.create(code=code, name=name, parent=parent)
    unit = Unit.objects.create(jurisdiction=town, name=f"{name}公共服务办")
    call = Call.objects.create(
        jurisdiction=town, year=year, title=f"{name}{year}年民生实事征集",
        opens_on=datetime.date(year - 1, 10, 1), closes_on=datetime.date(year - 1, 10, 31),
    )
    submitted = [
        Proposal.submit(call, field="city", title=f"{name}建议{n}", content="内容",
                        beneficiaries="居民")
        for n in range(proposals)
    ]
    submitted[0].accept()
    submitted[1].merge_into(submitted[0])
    submitted[2].reject("已列入部门计划。")
    drafted = [
        Candidate.objects.create(jurisdiction=town, year=year, number=n, field="city",
                                 title=f"{name}候选{n}", content="内容", lead_unit=unit)
        for n in range(1, candidates + 1)
    ]
    session = VoteSession.objects.create(jurisdiction=town, year=year, title=f"{name}票决",
                                         places=places, deputies=30, present=28)
    session.candidates.set(drafted)
    for votes, candidate in zip((25, 20, 18, 5), drafted, strict=False):
        session.tallies.create(candidate=candidate, votes_for=votes)
    program = session.confirm()
    program.publish()
    if evaluate:
        evaluation = Evaluation.objects.create(program=program, deputies=28)
        for task in program.tasks.all():
            EvaluationTally.objects.create(evaluation=evaluation, task=task, satisfied=21,
                                           basic=7)
        evaluation.publish()
    return town


def rollup_rows(html):
    """The roll-up table's body rows as lists of cell texts."""
    import re

    table = html.split('class="work-table rollup"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)
    return [
        [re.sub(r"<[^>]+>", "", cell).replace("└", "").strip()
         for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)]
        for row in rows
    ]


def test_the_county_office_sees_its_towns_roll_up_with_a_total(client, cycle_world):
    town_year("440783101", "赤坎镇", cycle_world.kaiping)
    town_year("440783102", "塘口镇", cycle_world.kaiping, candidates=4, places=3,
              evaluate=False)
    client.force_login(cycle_world.office)
    html = client.get(reverse("cycle:office")).content.decode()
    rows = rollup_rows(html)
    assert rows[0][0] == "行政区"
    # 开平 itself: one proposal received, three candidates, a vote still open.
    assert rows[1] == ["开平市", "1", "0", "0", "0", "3", "投票中", "—", "未测评"]
    assert rows[2] == ["赤坎镇", "4", "1", "1", "1", "3",
                       "已票决：3 个候选项目选出 2 个", "2", "已公布 · 满意率 100%"]
    assert rows[3] == ["塘口镇", "4", "1", "1", "1", "4",
                       "已票决：4 个候选项目选出 3 个", "3", "未测评"]
    assert rows[4] == ["合计", "9", "2", "2", "2", "10", "2/3 已票决", "5", "1/3 已公布"]
    # Each row leads to that jurisdiction's pages.
    chikan = Jurisdiction.objects.get(code="440783101")
    assert reverse("cycle:call", args=[chikan.calls.get().pk]) in html
    assert reverse("cycle:candidates", args=["440783101", 2027]) in html
    assert reverse("cycle:session", args=[chikan.vote_sessions.get().pk]) in html
    assert reverse("cycle:evaluation", args=[chikan.programs.get().evaluation.pk]) in html
    assert reverse("portal:program", args=["440783101", 2027]) in html


def test_the_city_office_sees_its_counties_and_their_towns_and_picks_the_year(
    client, cycle_world
):
    town_year("440783101", "赤坎镇", cycle_world.kaiping)
    town_year("440781101", "台城街道", cycle_world.taishan, year=2028)
    client.force_login(cycle_world.city_office)
    html = client.get(reverse("cycle:office")).content.decode()
    assert "2028年汇总" in html  # the latest year first
    names = [row[0] for row in rollup_rows(html)[1:-1]]
    assert names[0] == "江门市" and "台城街道" in names and "开平市" in names
    assert names.index("台山市") < names.index("台城街道") < names.index("开平市")
    html = client.get(reverse("cycle:office") + "?year=2027").content.decode()
    rows = {row[0]: row for row in rollup_rows(html)}
    assert rows["赤坎镇"][6] == "已票决：3 个候选项目选出 2 个"
    assert rows["台城街道"][1] == "未征集"
    # A year nothing happened in falls back to the latest one.
    assert "2028年汇总" in client.get(reverse("cycle:office") + "?year=1999").content.decode()


def test_a_town_office_sees_only_its_own_row(client, cycle_world):
    from accounts.choices import Role

    from .conftest import make_login

    chikan = town_year("440783101", "赤坎镇", cycle_world.kaiping)
    town_year("440783102", "塘口镇", cycle_world.kaiping)
    client.force_login(make_login("chikan-office", Role.SUPERVISOR, chikan))
    rows = rollup_rows(client.get(reverse("cycle:office")).content.decode())
    assert [row[0] for row in rows] == ["行政区", "赤坎镇"]  # and no total for one row


@pytest.mark.parametrize("towns", [1, 5])
def test_the_roll_up_reads_the_database_a_fixed_number_of_times(
    client, cycle_world, django_assert_num_queries, towns
):
    """2 and 6 jurisdictions (开平 and its towns), each with a whole year: same count."""
    for n in range(1, towns + 1):
        town_year(f"44078310{n}", f"镇{n}", cycle_world.kaiping)
    client.force_login(cycle_world.office)
    # user, account, its two permission sets; the lists: calls, candidates, sessions,
    # programs; the roll-up: jurisdictions, calls with proposal counts, candidate counts,
    # sessions with candidate counts, programs with item counts and evaluations
    with django_assert_num_queries(13 + session_queries()):
        html = client.get(reverse("cycle:office")).content.decode()
    assert len(rollup_rows(html)) == 1 + 1 + towns + 1


def test_the_roll_up_reads_in_english(client, cycle_world):
    from django.conf import settings

    from .test_english import leftover_labels

    town_year("440783101", "赤坎镇", cycle_world.kaiping)
    client.force_login(cycle_world.office)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("cycle:office")).content.decode()
    roll = page.split('class="work-table rollup"', 1)[1].split("</table>", 1)[0]
    assert "Voted: 2 elected of 3 candidates" in roll and "satisfaction 100%" in roll
    assert "1/2 voted" in roll and "2027 at a glance" in page
    assert leftover_labels('<table class="' + roll + "</table>", ["开平市", "赤坎镇"]) == set()
