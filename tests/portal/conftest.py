"""The workbench personas and their 开平 2024 program, reused by the public portal tests."""

from tests.progress.conftest import world  # noqa: F401
