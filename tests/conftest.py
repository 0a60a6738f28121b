"""Shared fixtures: the seed documents and a way to import them."""

import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# CI runs the property tests on fixed examples, so a submission never passes or fails by
# the draw; a run on a desk explores new examples each time (and keeps what failed).
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"

# file, jurisdiction code, year to give (only 001 lost its title line)
SEED_DOCUMENTS = {
    "000": ("000_7d49185a5d9a7fea.txt", "440700", None),
    "001": ("001_0e8c90d233eb1902.txt", "440700", 2018),
    "002": ("002_13dfbe7e125a9b63.txt", "440700", None),
    "003": ("003_8dfcead284150074.txt", "440704", None),
    "004": ("004_95eb129105a33a8e.txt", "440783", None),
}


def seed_path(key: str) -> Path:
    return SEEDS / SEED_DOCUMENTS[key][0]


def seed_bytes(key: str) -> bytes:
    return seed_path(key).read_bytes()


@pytest.fixture
def import_seed(db):
    """Import a seed by its number ("000" … "004") and return the ImportReport."""
    from importers.pipeline import import_document

    def load(key: str, **kwargs):
        name, code, year = SEED_DOCUMENTS[key]
        return import_document(seed_bytes(key), name, code, year=year, **kwargs)

    return load


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create many logins; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached public pages must not leak from one test into the next."""
    from django.core.cache import cache

    from portal.cache import local

    cache.clear()
    local.clear()
    yield
    cache.clear()
    local.clear()


@pytest.fixture(autouse=True)
def plain_login(request, settings):
    """The test client logs in without a request, which django-axes refuses; only the tests
    of login throttling (marked `throttled`) keep it, and go through the real login form."""
    if "throttled" not in request.keywords:
        settings.AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]


# The reference data the migrations create: jurisdictions, role groups, their permissions.
REFERENCE_DATA = [
    ("projects.migrations.0002_jiangmen_jurisdictions", "create"),
    ("projects.migrations.0006_jurisdiction_tree_path", "fill_paths"),
    ("projects.migrations.0007_jurisdiction_name_en", "fill_english_names"),
    ("accounts.migrations.0002_role_groups", "create_groups"),
    ("accounts.migrations.0003_supervisors_read_the_admin", "grant"),
]


def restore_reference_data():
    """Transactional tests (a live server, another process) really commit, and the database
    is flushed after each, taking the migrations' data with it: put it back first."""
    import importlib

    from django.apps import apps

    for module, function in REFERENCE_DATA:
        getattr(importlib.import_module(module), function)(apps, None)


def session_queries() -> int:
    """Queries a logged-in request spends on its session: one with database sessions,
    none with Redis (cache) sessions, as in the REDIS_URL variant of the suite."""
    from django.conf import settings

    return 0 if settings.SESSION_ENGINE.endswith(".cache") else 1
