"""The workbench personas, reused by the operations tests."""

from tests.progress.conftest import world  # noqa: F401
