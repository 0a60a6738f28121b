"""Django's Redis cache with one redis-py client per connection pool instead of one per call,
and reads on a connection of the thread's own.

Django builds a `redis.Redis` object for every cache operation; redis-py 6 and later make
that costly (a copy of ~170 response callbacks and an event dispatcher each time: about a
tenth of a cached page's CPU). A `redis.Redis` is safe to share between threads over its
pool, and Django's cache objects are per thread anyway.

A read (`get`, `get_many`) through `redis.Redis` still costs about 55 µs of CPU where the
round trip's own system calls take about 10 (the rest: the pool's lock and its poll that
the connection has nothing unread, the retry wrapper, the observability hooks, the
response callbacks), and a cached public page reads its versions on every hit. So reads go
straight to a connection that only this thread uses (about 20 µs); a read that fails there
(the server restarted, a timeout) is made again through the client, with its retries, and
the connection reconnects on its next read. Writes keep the client's way.
"""

import os
import threading

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError


class ReusedClientCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._own = threading.local()

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client

    def _read(self, *command):
        """The reply to a read command, on this thread's own connection (a new one after
        a fork); None when that connection failed, for the caller to ask the client."""
        own = self._own
        connection = getattr(own, "connection", None)
        if connection is None or own.pid != os.getpid():
            pool = self._get_connection_pool(False)
            connection = own.connection = pool.connection_class(**pool.connection_kwargs)
            own.pid = os.getpid()
        try:
            connection.send_packed_command(connection.pack_command(*command), check_health=False)
            return connection.read_response()
        except (RedisConnectionError, RedisTimeoutError, OSError):
            connection.disconnect()  # a half-read reply must not answer the next read
            return None

    def get(self, key, default):
        found = self._read("MGET", key)
        if found is None:
            return super().get(key, default)
        return default if found[0] is None else self._serializer.loads(found[0])

    def get_many(self, keys):
        keys = list(keys)
        found = self._read("MGET", *keys) if keys else []
        if found is None:
            return super().get_many(keys)
        return {
            k: self._serializer.loads(v) for k, v in zip(keys, found, strict=True) if v is not None
        }


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientCacheClient
