"""The pure rules: who is elected, how satisfied, what codes and receipts look like."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from cycle import rules


def test_a_candidate_needs_more_than_half_of_the_deputies_present():
    outcome = rules.elect([("a", 5, 4, 0), ("b", 4, 5, 0)], present=9, places=2)
    assert outcome.threshold == 5
    assert [line.key for line in outcome.elected] == ["a"]


def test_exactly_half_is_not_enough():
    outcome = rules.elect([("a", 5, 5, 0)], present=10, places=1)
    assert outcome.elected == []


def test_the_most_for_votes_fill_the_places():
    counts = [("a", 90, 0, 0), ("b", 150, 0, 0), ("c", 120, 0, 0), ("d", 101, 0, 0)]
    outcome = rules.elect(counts, present=200, places=2)
    assert [line.key for line in outcome.elected] == ["b", "c"]
    assert [line.key for line in outcome.lines] == ["b", "c", "d", "a"]
    assert outcome.tied == []


def test_a_tie_across_the_last_place_is_reported_and_leaves_the_place_open():
    counts = [("a", 150, 0, 0), ("b", 120, 0, 0), ("c", 120, 0, 0)]
    outcome = rules.elect(counts, present=200, places=2)
    assert [line.key for line in outcome.elected] == ["a"]
    assert {line.key for line in outcome.tied} == {"b", "c"}


def test_a_tie_inside_the_places_elects_both():
    outcome = rules.elect([("a", 150, 0, 0), ("b", 150, 0, 0), ("c", 120, 0, 0)], 200, 2)
    assert {line.key for line in outcome.elected} == {"a", "b"}


def test_a_ballot_with_more_for_than_places_is_invalid():
    assert rules.ballot_is_valid({"1": "for", "2": "for", "3": "against"}, places=2)
    assert not rules.ballot_is_valid({"1": "for", "2": "for", "3": "for"}, places=2)


def test_satisfaction_counts_satisfied_and_basically_satisfied_over_all_votes():
    assert rules.satisfaction(152, 30, 10, 8) == 91
    assert rules.satisfaction(0, 0, 0, 0) is None


def test_receipts_carry_a_random_tail():
    receipt = rules.receipt_for("440783", 2027, 7)
    assert re.fullmatch(r"440783-2027-0007-[23456789A-HJKMNP-Z]{4}", receipt)


def test_ballot_codes_are_hashed_with_a_key_and_typed_loosely():
    code = rules.new_ballot_code()
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code)
    assert rules.code_hash("s:1", code) == rules.code_hash("s:1", code.lower().replace("-", " "))
    assert rules.code_hash("s:1", code) != rules.code_hash("s:2", code)


def test_milestone_lines_are_parsed_and_bad_lines_named():
    assert rules.parse_milestones("2027-06-30 完成选址\n\n2027-12-31 投入使用") == [
        (datetime.date(2027, 6, 30), "完成选址"),
        (datetime.date(2027, 12, 31), "投入使用"),
    ]
    with pytest.raises(ValidationError) as error:
        rules.parse_milestones("2027-06-30 完成选址\n6月底 开工\n2027-07-01")
    assert "第2行" in error.value.messages[0]
    assert "第3行" in error.value.messages[1]
