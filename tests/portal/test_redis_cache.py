"""The Redis cache backend reuses one client per pool, reads on each thread's own connection,
and still works as Django's does."""

import os
import threading

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


def test_reads_from_many_threads_at_once_each_get_their_own_values(redis_cache):
    redis_cache.set_many({f"t{n}": {"page": n} for n in range(8)})
    wrong = []

    def read(n):
        for _ in range(200):
            found = redis_cache.get_many([f"t{n}", "missing"])
            if found != {f"t{n}": {"page": n}} or redis_cache.get(f"t{n}") != {"page": n}:
                wrong.append((n, found))

    threads = [threading.Thread(target=read, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    redis_cache.delete_many([f"t{n}" for n in range(8)])
    assert wrong == []


def test_reads_still_answer_after_redis_dropped_the_connection(redis_cache):
    redis_cache.set("a", {"page": b"x"})
    assert redis_cache.get("a") == {"page": b"x"}
    # Redis closes every connection of this cache's reads, as a restart would.
    client = redis_cache._cache.get_client()
    mine = redis_cache._cache._read("CLIENT", "ID")
    assert client.client_kill_filter(_id=mine) == 1
    assert redis_cache.get("a") == {"page": b"x"}
    assert redis_cache.get_many(["a", "missing"]) == {"a": {"page": b"x"}}
    assert redis_cache.get("missing", "default") == "default"
