"""Fixtures for the open-data API: the small published 江门 2024 plan and the 开平 2024 seed."""

import pytest

from tests.projects.conftest import plan  # noqa: F401

PROGRAMS = "/api/v1/programs/"
TASKS = "/api/v1/tasks/"
SCHEMA = "/api/v1/schema/"
DOCS = "/api/v1/docs/"


def program_url(code, year) -> str:
    return f"{PROGRAMS}{code}/{year}/"


def get_json(client, url, **params) -> dict:
    response = client.get(url, params)
    assert response.status_code == 200, response.content.decode()
    assert response["Content-Type"].startswith("application/json")
    return response.json()


@pytest.fixture
def kaiping(import_seed):
    """开平市 2024 (seed 004: 10 matters, 25 items, dated milestones), published."""
    program = import_seed("004").program
    program.publish()
    return program
