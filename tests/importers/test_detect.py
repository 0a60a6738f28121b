"""Detecting the jurisdiction a title names: pure, plus one check against the real rows."""

import pytest

from importers.detect import Candidate, candidates_from, detect_jurisdiction, named_in

JIANGMEN = [
    Candidate("440700", ("江门市", "江门"), None),
    Candidate("440703", ("蓬江区", "蓬江"), "440700"),
    Candidate(
        "440704",
        ("高新区（江海区）", "江门高新技术产业开发区", "江门高新区", "高新区", "江海区", "江海"),
        "440700",
    ),
    Candidate("440781", ("台山市", "台山"), "440700"),
    Candidate("440783", ("开平市", "开平"), "440700"),
]


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("2024年开平市十件民生实事项目", "440783"),
        ("2017年高新区（江海区）十件民生实事计划", "440704"),
        ("2017年江海区十件民生实事", "440704"),
        ("江门市江海区2020年十件民生实事", "440704"),  # the child, not its parent
        ("江门高新区2019年民生实事", "440704"),  # "江门" inside "江门高新区" is not 江门市
        ("2022年江门市十件民生实事", "440700"),
    ],
)
def test_detects_the_most_specific_jurisdiction(title, code):
    detection = detect_jurisdiction([title], JIANGMEN)
    assert detection.code == code
    assert not detection.ambiguous


def test_a_title_naming_no_one_is_ambiguous():
    detection = detect_jurisdiction(["2019年市十件民生实事完成情况汇总表", ""], JIANGMEN)
    assert detection.code is None
    assert detection.ambiguous
    assert detection.matches == []


def test_two_unrelated_jurisdictions_are_ambiguous():
    detection = detect_jurisdiction(["开平市、台山市联合民生实事"], JIANGMEN)
    assert detection.code is None
    assert set(detection.matches) == {"440783", "440781"}


def test_later_texts_are_used_when_the_first_names_no_one():
    detection = detect_jurisdiction(["2019年市十件民生实事", "开平2019.docx"], JIANGMEN)
    assert detection.code == "440783"


def test_named_in_does_not_count_a_spelling_inside_a_longer_one():
    assert named_in("江门高新区", JIANGMEN) == ["440704"]
    assert named_in("", JIANGMEN) == []


@pytest.mark.django_db
def test_candidates_from_the_seeded_jurisdictions():
    from projects.models import Jurisdiction

    candidates = candidates_from(Jurisdiction.objects.select_related("parent"))
    by_code = {c.code: c for c in candidates}
    assert by_code["440704"].parent_code == "440700"
    assert by_code["440700"].parent_code is None
    title = "2017年高新区（江海区）十件民生实事计划"
    assert detect_jurisdiction([title], candidates).code == "440704"
    assert detect_jurisdiction(["2024年开平市十件民生实事项目"], candidates).code == "440783"
