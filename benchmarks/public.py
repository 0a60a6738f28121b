#!/usr/bin/env python3
"""Speed of the public pages and the API against a bare view: uncached, cached and 304.

From a fresh clone (python3 3.11+; the first command creates .venv and installs the
dependencies, which takes a few minutes, then only lists the tests). The HTTP mode needs
ApacheBench: `apt-get install -y apache2-utils` (the script stops with that message if `ab`
is missing).

    git clone <repository> minsheng && cd minsheng
    python3 dev.py test --co -q
    .venv/bin/python benchmarks/public.py [--mode both|inprocess|http] [--requests 40]
        [--rounds 3] [--seconds 3] [--database-url URL]

As issue 15 measured: `--database-url postgres://postgres@127.0.0.1:5432/minsheng_bench_public`
(created when missing) and REDIS_URL=redis://127.0.0.1:6379/11 for the cached runs.
Without --database-url it migrates a fresh SQLite file in a temporary directory (removed at
the end) and loads the demo data (`load_demo`: the five seeds, 开平 2024's reports); with a
PostgreSQL URL it uses that database (demo loaded once). DEBUG and PRODUCTION are off
(PRODUCTION would redirect to HTTPS and want a static manifest). Nothing else is needed.

The floor is a view that returns the bytes of the 开平 2024 program page (68 KB) from memory
through the project's whole middleware, registered only in this benchmark's URLconf. Then for
the program page, an item page, search 学校, the home page, the API's 开平 2024 program and
its first page of tasks:

- uncached: built from the database every time ("without any cache");
- cached: served from the page cache (anonymous answers of the API too);
- 304: a repeated request with If-None-Match carrying the page's ETag;
- sql floor: a bare view that runs the page's own SQL (captured from one uncached request,
  parameters inlined, sent raw through a cursor and fetched, no ORM, no rendering) and
  answers with the floor's bytes: the least any page that reads its data from the database
  can cost, so an uncached ratio can be read against it.

In-process mode (Django's test client): uncached means the page's cache version bumped
before each request (as a save would). Each line gives the median and 95th percentile in ms
and the ratio of the median to the floor's median over the same stretch (a floor request
precedes every request, so both share the load of the moment).

HTTP mode (as the issue measured): gunicorn, 2 workers x 2 threads (gthread), DEBUG off,
DB_CONN_MAX_AGE=60, on a free loopback port, then `ab -k -c 4 -n N` per URL (N sized from a
short warm-up to last about --seconds). Two servers: one with the page cache off
(Django's DummyCache as the default cache: nothing is cached at all) for the floor and the
uncached pages, one with the project's cache (Redis when REDIS_URL is set, else the
process-local one, then on one worker x 4 threads) for the cached pages and the 304s.
Every page run follows a floor run on the same server; each figure is the median req/s of --rounds runs and the median of the
ratios (floor req/s just before / page req/s). The machine may be shared: figures are
noisy, hence the pairs and the medians.

The last line sums both modes up:

    public inprocess floor_p50_ms=… program=…x/…x/…x/…x … | http floor_rps=… program=…x/…x/…x/…x …

(sql floor/uncached/cached/304, each against the floor).
"""

import argparse
import dataclasses
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from dashboard import ensure_postgres_database, percentile, serve_bare  # noqa: E402

PROGRAM_URL = "/440783/2024/"
FLOOR_URL = "/bench/bare/"


def pages(task_number):
    """(name, url, jurisdiction code whose version a save bumps, headers)."""
    return [
        ("program", PROGRAM_URL, "440783", {}),
        ("item", f"/440783/2024/{task_number}/", "440783", {}),
        ("search", "/search/?q=" + quote("学校"), None, {}),
        ("home", "/", None, {}),
        ("api_program", "/api/v1/programs/440783/2024/", "440783",
         {"Accept": "application/json"}),
        ("api_tasks", "/api/v1/tasks/", None, {"Accept": "application/json"}),
    ]


def timed(client, url, count, before=None, **headers):
    """Median and 95th percentile in ms of `count` requests, after three to warm up; the
    ratio of the median to the floor's median over the same stretch (a floor request
    precedes each request, so that both share the machine's load of the moment); and the
    same ratio of the process's CPU time, which other processes on the machine barely move.
    """
    timings, floors, cpu, floor_cpu = [], [], [], []
    for index in range(count + 3):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(FLOOR_URL)
        floor = (time.perf_counter() - started) * 1000
        floor_cpu_ms = (time.process_time() - started_cpu) * 1000
        if before:
            before()
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, **headers)
        elapsed = (time.perf_counter() - started) * 1000
        elapsed_cpu = (time.process_time() - started_cpu) * 1000
        assert response.status_code in (200, 304), (url, response.status_code)
        if index >= 3:
            timings.append(elapsed)
            floors.append(floor)
            cpu.append(elapsed_cpu)
            floor_cpu.append(floor_cpu_ms)
    p50 = statistics.median(timings)
    return Timing(
        p50, percentile(timings, 0.95), p50 / statistics.median(floors),
        statistics.median(cpu), statistics.median(cpu) / statistics.median(floor_cpu), response,
    )


@dataclasses.dataclass
class Timing:
    p50: float
    p95: float
    ratio: float  # p50 against the floor's, wall clock
    cpu: float  # median CPU ms
    cpu_ratio: float
    response: object

    def text(self, kind: str) -> str:
        return (f"{kind} p50_ms={self.p50:.2f} p95_ms={self.p95:.2f} x{self.ratio:.2f} "
                f"cpu_ms={self.cpu:.2f} cpu_x{self.cpu_ratio:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("both", "inprocess", "http"), default="both")
    parser.add_argument("--requests", type=int, default=40, help="in-process, per figure")
    parser.add_argument("--rounds", type=int, default=3, help="HTTP runs per figure")
    parser.add_argument("--seconds", type=float, default=3.0, help="length of one ab run")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    args = parser.parse_args()
    if args.mode != "inprocess" and not shutil.which("ab"):
        sys.exit("ab (ApacheBench) is missing: apt-get install -y apache2-utils")

    scratch = tempfile.mkdtemp(prefix="minsheng-public-bench-")
    url = args.database_url or f"sqlite:///{Path(scratch) / 'bench.sqlite3'}"
    ensure_postgres_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minsheng.settings")
    os.environ["DEBUG"] = "false"
    # Not a public server: no HTTPS redirect (plain HTTP on loopback), no static manifest.
    os.environ["PRODUCTION"] = "false"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production-use")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
    sys.path.insert(0, str(ROOT))
    try:
        body, task_number = prepare()
        capture_sql(task_number, Path(scratch) / "page_sql.json")
        summary = []
        if args.mode != "http":
            summary.append(run_inprocess(args, body, task_number))
        if args.mode != "inprocess":
            summary.append(run_http(args, body, task_number, scratch))
        print("public " + " | ".join(summary)
              + " (sql floor/uncached/cached/304 against the floor)")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def prepare():
    """Migrate, load the demo once, publish 开平 2024; its page's bytes and first item."""
    import warnings

    import django

    # No collected static files here; whitenoise says so once per process.
    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

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
    page = Client().get(PROGRAM_URL)
    assert page.status_code == 200, page.status_code
    return page.content, task.number


def run_inprocess(args, body, task_number) -> str:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import clear_url_caches, path

    # The project's URLconf plus the floor and the sql floor, through the same middleware.
    serve_bare(body, "text/html; charset=utf-8")
    bench_urls = sys.modules[settings.ROOT_URLCONF]
    bench_urls.urlpatterns.insert(0, path("bench/sql/<str:name>/", sql_floor_view(body)))
    clear_url_caches()

    def fresh(code=None):
        return lambda: bump_versions(code)

    client = Client()
    n = args.requests
    floor = timed(client, FLOOR_URL, n)
    print(f"in-process floor (bare view, {len(body):,} bytes of the 开平 2024 program page) "
          f"p50_ms={floor.p50:.2f} p95_ms={floor.p95:.2f} cpu_ms={floor.cpu:.2f}; each ratio "
          "below is to the floor over the same stretch (a floor request before each request)",
          flush=True)
    summary = [f"inprocess floor_p50_ms={floor.p50:.2f}"]
    for name, url, code, accept in pages(task_number):
        headers = {f"HTTP_{k.upper()}": v for k, v in accept.items()}
        found = [timed(client, f"/bench/sql/{name}/", n)]
        found.append(timed(client, url, n, before=fresh(code), **headers))
        queries = count_queries(connection, client, url, headers, fresh(code))
        line = [f"{name} {url} queries={queries} " + found[0].text("sql floor"),
                found[1].text("uncached")]
        client.get(url, **headers)
        found.append(timed(client, url, n, **headers))
        assert found[-1].response.get("X-Portal-Cache") == "hit", url
        line.append(found[-1].text("cached"))
        tag = client.get(url, **headers)["ETag"]
        found.append(timed(client, url, n, HTTP_IF_NONE_MATCH=tag, **headers))
        assert found[-1].response.status_code == 304, url
        line.append(found[-1].text("304"))
        print(" | ".join(line), flush=True)
        summary.append(f"{name}=" + "/".join(
            "-" if t is None else f"{t.ratio:.1f}x(cpu {t.cpu_ratio:.1f}x)" for t in found
        ))
    return " ".join(summary)


def capture_sql(task_number, where: Path) -> None:
    """Each page's SQL, as one uncached request sends it, for the sql floor's bare view."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client, found = Client(), {}
    for name, url, code, accept in pages(task_number):
        bump_versions(code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url, **{f"HTTP_{k.upper()}": v for k, v in accept.items()})
        found[name] = [query["sql"] for query in queries]
    where.write_text(json.dumps(found, ensure_ascii=False))
    os.environ["BENCH_PAGE_SQL"] = str(where)


def bump_versions(code=None) -> None:
    """What a save does to the page cache: the pages of `code` (and the global ones) stale."""
    from portal import cache as page_cache

    page_cache._incr(page_cache.GLOBAL)
    if code:
        page_cache._incr(page_cache._jurisdiction_key(code))


def count_queries(connection, client, url, headers, before):
    from django.test.utils import CaptureQueriesContext

    before()
    with CaptureQueriesContext(connection) as queries:
        client.get(url, **headers)
    return len(queries)


def sql_floor_view(body: bytes):
    """A bare view that sends a page's captured SQL raw and fetches every row, then answers
    with the floor's bytes. A server-side cursor's DECLARE runs as its plain SELECT."""
    from django.db import connection
    from django.http import HttpResponse

    statements = json.loads(Path(os.environ["BENCH_PAGE_SQL"]).read_text())

    def view(request, name):
        with connection.cursor() as cursor:
            for sql in statements[name]:
                if sql.startswith(("FETCH", "CLOSE")):
                    continue
                if sql.startswith("DECLARE"):
                    sql = sql[sql.index(" FOR ") + 5:]
                cursor.execute(sql)
                if cursor.description:
                    cursor.fetchall()
        return HttpResponse(body, content_type="text/html; charset=utf-8")

    return view


# -- HTTP: gunicorn and ab, as issue 15 measured ---------------------------------------------

SERVER_SETTINGS = """\
import os

from minsheng.settings import *  # noqa: F403

ROOT_URLCONF = "public_bench_urls"
if os.environ.get("BENCH_PAGE_CACHE") == "off":
    # Nothing cached at all: every page is built from the database.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
"""

SERVER_URLS = """\
import os
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

from minsheng.urls import urlpatterns as project
from public import sql_floor_view

BODY = Path(os.environ["BENCH_FLOOR_BODY"]).read_bytes()


def bare(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/sql/<str:name>/", sql_floor_view(BODY)),
    *project,
]
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn, 2 workers x 2 threads (gthread), on the benchmark's settings; 1 worker x 4
    threads for the cached pages without Redis, whose process-local cache and page versions
    two workers would not share (a 304 from one worker's ETag would miss at the other)."""

    def __init__(self, scratch, body, page_cache: bool):
        from django.db import connections

        connections.close_all()
        self.workers = 1 if page_cache and not os.environ.get("REDIS_URL") else 2
        folder = Path(scratch) / "server"
        folder.mkdir(exist_ok=True)
        (folder / "public_bench_settings.py").write_text(SERVER_SETTINGS)
        (folder / "public_bench_urls.py").write_text(SERVER_URLS)
        (folder / "floor.html").write_bytes(body)
        self.port = free_port()
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT), str(ROOT / "benchmarks")]),
            "DJANGO_SETTINGS_MODULE": "public_bench_settings",
            "BENCH_FLOOR_BODY": str(folder / "floor.html"),
            "BENCH_PAGE_CACHE": "on" if page_cache else "off",
            "ALLOWED_HOSTS": "127.0.0.1",
            "DB_CONN_MAX_AGE": "60",  # as a server runs: no new connection per request
            "LOG_LEVEL": "WARNING",
            "PYTHONWARNINGS": "ignore",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "minsheng.wsgi", "--bind",
             f"127.0.0.1:{self.port}", "--workers", str(self.workers), "--threads",
             str(4 // self.workers),
             "--worker-class", "gthread", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )
        for _ in range(150):
            try:
                if self.get(FLOOR_URL)[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        sys.exit("gunicorn did not start")

    def get(self, url, headers=None):
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{url}",
                                         headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers)

    def ab(self, url, seconds, headers=None, status=200) -> tuple[float, float]:
        """Requests per second of `ab -k -c 4 -n N`, N sized to last about `seconds`, and the
        server's CPU ms per request (its processes' user + system time over the run)."""
        probe, _cpu = self._ab(url, 20, headers, status)
        return self._ab(url, max(40, int(probe * seconds)), headers, status)

    def _ab(self, url, n, headers, status) -> tuple[float, float]:
        command = ["ab", "-q", "-k", "-c", "4", "-n", str(n)]
        for name, value in (headers or {}).items():
            command += ["-H", f"{name}: {value}"]
        cpu = self.cpu_seconds()
        out = subprocess.run(command + [f"http://127.0.0.1:{self.port}{url}"],
                             capture_output=True, text=True, check=True).stdout
        cpu = self.cpu_seconds() - cpu
        non_2xx = re.search(r"Non-2xx responses:\s+(\d+)", out)
        if status == 200:
            assert non_2xx is None, (url, out)
        else:
            assert non_2xx and int(non_2xx.group(1)) == n, (url, out)
        rps = float(re.search(r"Requests per second:\s+([\d.]+)", out).group(1))
        return rps, cpu * 1000 / n

    def cpu_seconds(self) -> float:
        """User + system time of gunicorn's master and workers (Linux /proc)."""
        total = 0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pid, parent = int(entry.name), int(fields[1])
            if self.process.pid in (pid, parent):
                total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / os.sysconf("SC_CLK_TCK")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def run_http(args, body, task_number, scratch) -> str:
    # (page, kind) -> [((page req/s, cpu ms), (floor req/s, cpu ms) of the run just before)]
    results: dict[tuple[str, str], list] = {}

    def measure(server, key, url, headers=None, status=200):
        floor = server.ab(FLOOR_URL, args.seconds)
        page = server.ab(url, args.seconds, headers, status)
        results.setdefault(key, []).append((page, floor))

    targets = pages(task_number)
    server = Server(scratch, body, page_cache=False)
    try:
        for _name, url, _code, headers in targets:  # warm both workers
            for _ in range(4):
                assert server.get(url, headers)[0] == 200, url
        for _ in range(args.rounds):
            for name, url, _code, headers in targets:
                measure(server, (name, "sql floor"), f"/bench/sql/{name}/")
                measure(server, (name, "uncached"), url, headers)
    finally:
        server.stop()

    server = Server(scratch, body, page_cache=True)
    try:
        tags = {}
        for name, url, _code, headers in targets:
            for _ in range(4):
                status, answer = server.get(url, headers)
                assert status == 200, url
            tags[name] = answer["ETag"]
        for _ in range(args.rounds):
            for name, url, _code, headers in targets:
                measure(server, (name, "cached"), url, headers)
                measure(server, (name, "304"), url, {**headers, "If-None-Match": tags[name]},
                        status=304)
    finally:
        server.stop()

    floors = [floor for pairs in results.values() for _page, floor in pairs]
    floor_rps = statistics.median(rps for rps, _cpu in floors)
    floor_cpu = statistics.median(cpu for _rps, cpu in floors)
    print(f"http floor (bare view, {len(body):,} bytes; gunicorn 2x2 gthread, ab -k -c 4) "
          f"median_rps={floor_rps:.0f} server_cpu_ms={floor_cpu:.2f} over {len(floors)} runs; "
          f"each ratio below is the median over {args.rounds} rounds of floor req/s (of the "
          "run just before) ÷ page req/s, and of page ÷ floor server CPU per request",
          flush=True)
    summary = [f"http floor_rps={floor_rps:.0f}"]
    for name, url, _code, _headers in targets:
        line, ratios = [f"{name} {url}"], []
        for kind in ("sql floor", "uncached", "cached", "304"):
            pairs = results.get((name, kind))
            if not pairs:
                line.append(f"{kind} -")
                ratios.append("-")
                continue
            rps = statistics.median(page[0] for page, _floor in pairs)
            cpu = statistics.median(page[1] for page, _floor in pairs)
            ratio = statistics.median(floor[0] / page[0] for page, floor in pairs)
            cpu_ratio = statistics.median(page[1] / floor[1] for page, floor in pairs)
            line.append(f"{kind} rps={rps:.0f} x{ratio:.2f} server_cpu_ms={cpu:.2f} "
                        f"cpu_x{cpu_ratio:.2f}")
            ratios.append(f"{ratio:.1f}x(cpu {cpu_ratio:.1f}x)")
        print(" | ".join(line), flush=True)
        summary.append(f"{name}=" + "/".join(ratios))
    return " ".join(summary)


if __name__ == "__main__":
    main()
