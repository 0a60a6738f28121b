#!/usr/bin/env python3
"""Server time of the public pages and the API against a bare view, uncached, cached and 304.

From a fresh clone (python3 3.11+; the first command creates .venv and installs the
dependencies, which takes a few minutes, then only lists the tests):

    git clone <repository> minsheng && cd minsheng
    python3 dev.py test --co -q
    .venv/bin/python benchmarks/public.py [--requests 40] [--database-url URL]

Nothing else is needed: no collected static files, no settings. DEBUG and PRODUCTION are
off (PRODUCTION would redirect the test client to HTTPS and want a static manifest).
Without --database-url it migrates a fresh SQLite file in a temporary directory (removed at
the end) and loads the demo data (`load_demo`: the five seeds, 开平 2024's reports); with a
PostgreSQL URL it uses that database (created when missing, demo loaded once). The cache is
the project's: the process-local one, or Redis when REDIS_URL is set.

Everything runs in-process through Django's test client and the project's whole middleware.
The floor is a view registered only in this benchmark's URLconf that returns the bytes of the
开平 2024 program page from memory. Then for the program page, an item page, search 学校,
the home page, the API's 开平 2024 program and its first page of tasks:

- uncached: the page's cache version bumped before each request (as a save would), so
  every request builds the page;
- cached: the page served from the page cache (the API has none: "-");
- 304: a repeated request with If-None-Match carrying the page's ETag.

Each line gives the median and 95th percentile in ms and the ratio of the median to the
floor's; the last line sums them up:

    public floor_p50_ms=… program=…x/…x/…x item=… search=… home=… api_program=… api_tasks=…
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from dashboard import ensure_postgres_database, percentile, serve_bare  # noqa: E402


def timed(client, url, count, before=None, **headers):
    """Median and 95th percentile of `count` requests, after three to warm up."""
    timings = []
    for index in range(count + 3):
        if before:
            before()
        started = time.perf_counter()
        response = client.get(url, **headers)
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code in (200, 304), (url, response.status_code)
        if index >= 3:
            timings.append(elapsed)
    return statistics.median(timings), percentile(timings, 0.95), response


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    args = parser.parse_args()

    scratch = None
    url = args.database_url
    if not url:
        scratch = tempfile.mkdtemp(prefix="minsheng-public-bench-")
        url = f"sqlite:///{Path(scratch) / 'bench.sqlite3'}"
    ensure_postgres_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minsheng.settings")
    os.environ["DEBUG"] = "false"
    # Not a server: no HTTPS redirect (the test client speaks http), no static manifest.
    os.environ["PRODUCTION"] = "false"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production-use")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    sys.path.insert(0, str(ROOT))
    try:
        run(args)
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)


def run(args) -> None:
    import warnings

    import django

    # No collected static files here; whitenoise says so once per process.
    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from portal import cache as page_cache
    from projects.models import Program

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # demo's mails
    call_command("migrate", verbosity=0)
    program = Program.objects.filter(jurisdiction__code="440783", year=2024).first()
    if program is None:
        call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))
        program = Program.objects.get(jurisdiction__code="440783", year=2024)
    if not program.is_published:
        program.publish()
    task = program.tasks.order_by("sort_key", "pk").first()

    client = Client()
    program_url = "/440783/2024/"
    page = client.get(program_url)
    assert page.status_code == 200, page.status_code
    body = page.content
    # The project's URLconf plus the floor, through the same middleware.
    bare_url = serve_bare(body, page["Content-Type"])

    def fresh(code=None):
        def bump():
            page_cache._incr(page_cache.GLOBAL)
            if code:
                page_cache._incr(page_cache._jurisdiction_key(code))

        return bump

    n = args.requests
    floor, floor95, _ = timed(client, bare_url, n)
    print(f"floor (bare view, {len(body):,} bytes of the 开平 2024 program page) "
          f"p50_ms={floor:.2f} p95_ms={floor95:.2f}", flush=True)

    pages = [
        ("program", program_url, "440783", {}),
        ("item", f"/440783/2024/{task.number}/", "440783", {}),
        ("search", "/search/?q=学校", None, {}),
        ("home", "/", None, {}),
        ("api_program", "/api/v1/programs/440783/2024/", "440783",
         {"HTTP_ACCEPT": "application/json"}),
        ("api_tasks", "/api/v1/tasks/", None, {"HTTP_ACCEPT": "application/json"}),
    ]
    summary = [f"floor_p50_ms={floor:.2f}"]
    for name, url, code, headers in pages:
        api = name.startswith("api")
        ratios = []
        p50, p95, response = timed(client, url, n, before=fresh(code), **headers)
        queries = count_queries(connection, client, url, headers, fresh(code))
        line = [f"{name} {url} uncached p50_ms={p50:.1f} p95_ms={p95:.1f} "
                f"x{p50 / floor:.1f} queries={queries}"]
        ratios.append(p50 / floor)
        if api:
            line.append("cached -")
            ratios.append(None)
        else:
            client.get(url, **headers)
            p50, p95, response = timed(client, url, n, **headers)
            assert response.get("X-Portal-Cache") == "hit", url
            line.append(f"cached p50_ms={p50:.2f} p95_ms={p95:.2f} x{p50 / floor:.2f}")
            ratios.append(p50 / floor)
        tag = client.get(url, **headers)["ETag"]
        p50, p95, response = timed(client, url, n, HTTP_IF_NONE_MATCH=tag, **headers)
        assert response.status_code == 304, url
        line.append(f"304 p50_ms={p50:.2f} p95_ms={p95:.2f} x{p50 / floor:.2f}")
        ratios.append(p50 / floor)
        print(" | ".join(line), flush=True)
        summary.append(
            f"{name}=" + "/".join("-" if r is None else f"{r:.1f}x" for r in ratios)
        )
    print("public " + " ".join(summary) + " (uncached/cached/304 against the floor)")


def count_queries(connection, client, url, headers, before):
    from django.test.utils import CaptureQueriesContext

    before()
    with CaptureQueriesContext(connection) as queries:
        client.get(url, **headers)
    return len(queries)


if __name__ == "__main__":
    main()
