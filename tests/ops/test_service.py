"""Running as a service: health, production settings, headers, login throttling, sessions."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from tests.progress.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "minsheng.example.gov.cn",
    "CSRF_TRUSTED_ORIGINS": "https://minsheng.example.gov.cn",
}


def manage(*args, env=None):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        # Without the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE: production never sets it.
        env={k: v for k, v in {**os.environ, **(env or {})}.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_health_reports_database_and_cache(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["cache"]["status"] == "ok"
    assert "no-cache" in response["Cache-Control"]


def test_health_says_503_when_the_cache_is_unreachable(client, settings):
    # A real Redis client pointed at a port where nothing listens.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    from django.core.cache import caches

    caches._settings = None
    try:
        for alias in list(caches):
            del caches[alias]
    except (AttributeError, TypeError):
        pass
    response = client.get("/healthz/")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["cache"]["status"] == "error"
    assert body["checks"]["database"]["status"] == "ok"


def test_production_settings_pass_the_deployment_checklist():
    # As README's service setup runs it: cache and sessions in Redis (shared by the workers).
    env = {**PRODUCTION, "REDIS_URL": "redis://127.0.0.1:6379/15"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", env={**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_pages_carry_the_security_headers(client):
    response = client.get(reverse("projects:home"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_sessions_expire(client, world):
    assert django_settings.SESSION_COOKIE_AGE == 8 * 3600
    assert django_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    client.force_login(world.lead)
    assert client.get("/work/").status_code == 200
    if django_settings.SESSION_ENGINE == "django.contrib.sessions.backends.cache":
        # Redis keeps the session for SESSION_COOKIE_AGE, then forgets it by itself.
        from django.core.cache import cache

        key = cache.make_and_validate_key(
            "django.contrib.sessions.cache" + client.session.session_key
        )
        ttl = cache._cache.get_client(key).ttl(key)
        assert 0 < ttl <= 8 * 3600
        cache.delete("django.contrib.sessions.cache" + client.session.session_key)
    else:
        from django.contrib.sessions.models import Session

        Session.objects.update(expire_date="2000-01-01T00:00:00Z")
    assert client.get("/work/").status_code == 403  # the session is over: log in again


@pytest.mark.throttled
def test_five_wrong_passwords_lock_the_login(client, world):
    login = reverse("accounts:login")
    for _attempt in range(4):
        response = client.post(login, {"username": "civil-reporter", "password": "wrong-password"})
        assert response.status_code == 200  # the form again, with its error
    fifth = client.post(login, {"username": "civil-reporter", "password": "wrong-password"})
    assert fifth.status_code == 429
    # Locked now: even the right password is refused.
    locked = client.post(login, {"username": "civil-reporter", "password": PASSWORD})
    assert locked.status_code == 429
    assert "登录暂时被锁定" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account from the same place is not locked.
    ok = client.post(login, {"username": "kp-office", "password": PASSWORD})
    assert ok.status_code == 302


@pytest.mark.throttled
def test_a_right_password_logs_in_through_the_form(client, world):
    response = client.post(
        reverse("accounts:login"), {"username": "civil-reporter", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.lead.pk)


def test_short_passwords_are_refused(world):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("short-pw1", world.lead)
    validate_password("a-much-longer-passphrase-2024", world.lead)


def test_forms_post_with_csrf(world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.lead)
    url = reverse("progress:report", kwargs={"pk": world.task_a.pk, "period": "2024-03"})
    assert strict.post(url, {"narrative": "x", "save": "1"}).status_code == 403
    from progress.models import Report

    assert not Report.objects.exists()


def test_the_error_page_is_plain_and_says_nothing_was_partly_saved():
    page = (ROOT / "templates" / "500.html").read_text(encoding="utf-8")
    assert "没有被部分保存" in page and "{%" not in page  # renders even when the database is gone


def test_log_lines_are_json_objects():
    import json
    import logging

    from django.conf import settings as conf

    formatter = logging.config.DictConfigurator(conf.LOGGING).configure_formatter(
        conf.LOGGING["formatters"]["json"]
    )
    record = logging.LogRecord("minsheng.test", logging.WARNING, __file__, 1, "导入失败：%s", ("x.docx",), None)
    line = json.loads(formatter.format(record))
    assert line["level"] == "WARNING"
    assert line["logger"] == "minsheng.test"
    assert line["message"] == "导入失败：x.docx"
    assert "time" in line
