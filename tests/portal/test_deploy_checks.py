"""`manage.py check --deploy` warns when the page cache cannot be shared between processes."""

from django.core.checks import run_checks
from django.test import override_settings

LOCAL = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {
    "default": {
        "BACKEND": "minsheng.redis_cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/15",
    }
}


def deploy_warnings():
    return [m.id for m in run_checks(include_deployment_checks=True, tags=["caches"])]


@override_settings(CACHES=LOCAL)
def test_a_process_local_cache_is_named_before_it_serves_stale_pages_from_a_second_process():
    assert "portal.W001" in deploy_warnings()


@override_settings(CACHES=REDIS)
def test_redis_as_the_service_setup_uses_it_passes():
    assert "portal.W001" not in deploy_warnings()


@override_settings(CACHES=LOCAL)
def test_the_development_check_is_quiet():
    # Only `check --deploy` asks: one runserver process shares its own cache.
    assert "portal.W001" not in [m.id for m in run_checks(tags=["caches"])]
