"""DEBUG is off unless asked for; the local demo asks; a server is recognised and hardened."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
import dev  # noqa: E402  (the quick-start script at the project root)

SHOW = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'DEBUG': s.DEBUG, 'ALLOWED_HOSTS': s.ALLOWED_HOSTS, "
    "'SSL': getattr(s, 'SECURE_SSL_REDIRECT', False)}))"
)


def settings_under(env: dict[str, str]) -> subprocess.CompletedProcess:
    """The settings module evaluated in a fresh interpreter with exactly `env`."""
    return subprocess.run(
        [sys.executable, "-c", SHOW],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "minsheng.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_debug_is_off_when_the_environment_says_nothing():
    result = settings_under({})
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    # Still a laptop: local host names and plain HTTP, so runserver and the tests work.
    assert values["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost", "testserver"]
    assert values["SSL"] is False


def test_dev_serve_turns_debug_on_for_the_demo():
    # migrate, load_demo and runserver all run in this environment.
    result = settings_under(dev.demo_environment())
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["DEBUG"] is True


def test_dev_serve_keeps_debug_on_even_when_the_shell_says_off(monkeypatch):
    monkeypatch.setenv("DEBUG", "false")
    assert dev.demo_environment()["DEBUG"] == "true"


def test_a_server_that_forgot_debug_still_needs_a_secret_key():
    result = settings_under({"ALLOWED_HOSTS": "minsheng.example.gov.cn"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_false_means_a_server_with_https():
    result = settings_under(
        {"DEBUG": "false", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "minsheng.example.gov.cn"}
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False and values["SSL"] is True
