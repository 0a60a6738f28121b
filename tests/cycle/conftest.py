"""Personas and a small year for the cycle: 开平市 runs a call, candidates and a vote;
江门市's office sits above it, 台山市's beside it."""

import datetime
import time
from types import SimpleNamespace

import pytest
from django.core import signing

from accounts.choices import Role
from accounts.models import Account
from cycle.choices import Field
from cycle.forms import SALT
from cycle.models import Call, Candidate, Proposal, VoteSession
from projects.models import Jurisdiction, Unit

PASSWORD = "a-long-demo-password-2027"


def make_login(username, role, jurisdiction, unit=None):
    return Account.create_user(
        username=username, password=PASSWORD, role=role, jurisdiction=jurisdiction, unit=unit,
        first_name=username,
    ).user


def started(seconds_ago=60) -> str:
    """The proposal form's signed start time, as if opened `seconds_ago`."""
    return signing.dumps(int(time.time()) - seconds_ago, salt=SALT)


def proposal_post(**fields):
    data = {
        "field": Field.EDUCATION,
        "title": "学校门口增设红绿灯",
        "content": "长沙街道第一小学门口车多，建议增设红绿灯和护学岗。",
        "beneficiaries": "小学生和家长",
        "name": "陈小姐",
        "phone": "13800001111",
        "website": "",
        "started": started(),
    }
    data.update(fields)
    return data


@pytest.fixture
def cycle_world(db, admin_user):
    kaiping = Jurisdiction.objects.get(code="440783")
    jiangmen = Jurisdiction.objects.get(code="440700")
    taishan = Jurisdiction.objects.get(code="440781")
    education = Unit.objects.create(jurisdiction=kaiping, name="市教育局")
    transport = Unit.objects.create(jurisdiction=kaiping, name="市交通运输局")
    health = Unit.objects.create(jurisdiction=kaiping, name="市卫生健康局")
    call = Call.objects.create(
        jurisdiction=kaiping,
        year=2027,
        title="开平市2027年民生实事项目征集",
        opens_on=datetime.date(2020, 1, 1),
        closes_on=datetime.date(2099, 12, 31),
        intro="欢迎市民提出建议。",
    )
    proposal = Proposal.submit(
        call, field=Field.EDUCATION, title="学校门口增设红绿灯", content="增设红绿灯。",
        beneficiaries="小学生", name="陈小姐", phone="13800001111",
    )
    candidates = [
        Candidate.objects.create(
            jurisdiction=kaiping, year=2027, number=n, field=Field.EDUCATION,
            title=f"候选项目{n}", content=f"建设内容{n}", lead_unit=education,
        )
        for n in (1, 2, 3)
    ]
    session = VoteSession.objects.create(
        jurisdiction=kaiping, year=2027, title="开平市十七届人大三次会议票决",
        places=2, deputies=10, present=9,
    )
    session.candidates.set(candidates)
    return SimpleNamespace(
        kaiping=kaiping, jiangmen=jiangmen, taishan=taishan, call=call, proposal=proposal,
        education=education, transport=transport, health=health, candidates=candidates,
        session=session, admin=admin_user,
        office=make_login("kp-office", Role.SUPERVISOR, kaiping),
        city_office=make_login("jm-office", Role.SUPERVISOR, jiangmen),
        other_office=make_login("ts-office", Role.SUPERVISOR, taishan),
        unit=make_login("kp-education", Role.REPORTER, kaiping, education),
    )
