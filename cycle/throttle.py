"""Rate limits for the public forms, kept in Django's cache (no outside service)."""

from django.core.cache import cache

HOUR = 3600


def client_address(request) -> str:
    # REMOTE_ADDR only: a forwarded-for header is whatever the sender wants it to be.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(request, bucket: str) -> str:
    return f"cycle:throttle:{bucket}:{client_address(request)}"


def allow(request, bucket: str, limit: int, period: int = HOUR) -> bool:
    """Count one more request from this address in `bucket`; False past `limit` a period."""
    return hit(request, bucket, period) <= limit


def blocked(request, bucket: str, limit: int) -> bool:
    """This address has used up `bucket` (counted by `hit`) for now."""
    return cache.get(_key(request, bucket), 0) >= limit


def hit(request, bucket: str, period: int = HOUR) -> int:
    key = _key(request, bucket)
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period)
        count = 1
    return count
