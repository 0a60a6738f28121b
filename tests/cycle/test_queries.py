"""The cycle's busiest pages read the database a fixed number of times, whatever their size."""

import pytest
from django.urls import reverse

from cycle.models import Proposal
from tests.conftest import session_queries

pytestmark = pytest.mark.django_db


def add_proposals(call, count):
    for n in range(count):
        Proposal.submit(call, field="health", title=f"建议{n}", content="内容", beneficiaries="群众")


def test_the_offices_call_page_does_not_grow_with_the_proposals(
    client, cycle_world, django_assert_num_queries
):
    client.force_login(cycle_world.office)
    cycle_world.candidates[0].proposals.add(cycle_world.proposal)
    url = reverse("cycle:call", args=[cycle_world.call.pk])
    # user, account, its two permission sets; call, units, proposals, their candidates,
    # counts by state
    expected = 9 + session_queries()
    with django_assert_num_queries(expected):
        client.get(url)
    add_proposals(cycle_world.call, 12)
    with django_assert_num_queries(expected):
        assert "建议11" in client.get(url).content.decode()


def test_the_public_summary_runs_three_queries(client, cycle_world, django_assert_num_queries):
    add_proposals(cycle_world.call, 5)
    cycle_world.candidates[0].proposals.add(cycle_world.proposal)
    # call, counts by field, candidates, their proposals, the towns below with results
    with django_assert_num_queries(5):
        client.get(reverse("cycle:proposals", args=["440783", 2027]))


def test_the_public_vote_page_runs_a_fixed_number_of_queries(
    client, cycle_world, django_assert_num_queries
):
    session = cycle_world.session
    for candidate, votes in zip(cycle_world.candidates, (8, 7, 6), strict=True):
        session.tallies.create(candidate=candidate, votes_for=votes, against=9 - votes)
    session.confirm()
    # sessions; candidates, valid ballots, tallies (counts); candidates again (names);
    # ballots aggregate, codes issued (figures); the towns below with results
    with django_assert_num_queries(8):
        client.get(reverse("cycle:vote", args=["440783", 2027]))
