"""Django's Redis cache with one redis-py client per connection pool instead of one per call.

Django builds a `redis.Redis` object for every cache operation; redis-py 6 and later make
that costly (a copy of ~170 response callbacks and an event dispatcher each time: about a
tenth of a cached page's CPU). A `redis.Redis` is safe to share between threads over its
pool, and Django's cache objects are per thread anyway.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusedClientCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientCacheClient
