"""The Redis cache backend reuses one client per pool and still works as Django's does."""

import os

import pytest
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from minsheng.redis_cache import RedisCache

pytestmark = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL")


@pytest.fixture
def redis_cache():
    cache = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "test-redis-cache"})
    yield cache
    cache.delete_many(["a", "b", "n"])


def test_one_client_serves_every_call_and_the_cache_behaves_as_djangos(redis_cache):
    assert isinstance(redis_cache, DjangoRedisCache)
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client(write=True) is client  # one server: one pool
    redis_cache.set("a", {"page": b"x" * 70_000})
    redis_cache.set_many({"b": 2})
    assert redis_cache.get_many(["a", "b", "missing"]) == {"a": {"page": b"x" * 70_000}, "b": 2}
    assert redis_cache.add("n", 1) and not redis_cache.add("n", 5)
    assert redis_cache.incr("n") == 2
    assert redis_cache._cache.get_client() is client
