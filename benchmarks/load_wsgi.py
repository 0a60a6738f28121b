"""The WSGI application of benchmarks/load.py: the project's, plus the floor.

The floor, /bench/floor/, answers with the bytes of a public page held in memory (read once
from the file named by LOAD_FLOOR_PAGE) through the project's whole middleware, so the
load test can say what the server, the middleware and the load generator cost alone.
"""

import os
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

from minsheng.wsgi import application  # sets Django up

_page: list[bytes] = []


def floor(request):
    if not _page:
        _page.append(Path(os.environ["LOAD_FLOOR_PAGE"]).read_bytes())
    return HttpResponse(_page[0], content_type="text/html; charset=utf-8")


def _add_floor() -> None:
    from minsheng import urls  # after setup: the URLconf imports the apps' views

    # First, so the portal's patterns never see it; URLs are resolved from the first
    # request on, so adding it now is in time.
    urls.urlpatterns.insert(0, path("bench/floor/", floor))


_add_floor()

__all__ = ["application"]
