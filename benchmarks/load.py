#!/usr/bin/env python3
"""Load test: the portal under gunicorn on PostgreSQL and Redis, the public's mix of pages.

From a fresh clone (python3 3.11+, PostgreSQL and Redis on loopback; the first command
creates .venv and installs the dependencies, then only lists the tests), with `wrk` as the
load generator (Debian: `apt-get install -y wrk`):

    git clone <repository> minsheng && cd minsheng
    python3 dev.py test --co -q
    .venv/bin/python benchmarks/load.py [--seconds 600] [--connections 16] [--workers CORES]
        [--threads 8] [--max-requests 20000] [--database-url URL] [--redis-url URL]

Data: the demo (`manage.py load_demo`: the five seeds, 开平 2024's reports and this year's
ordinary week) in its own PostgreSQL database (default minsheng_load: created when missing,
migrated, the demo loaded once). Redis (default db 12, flushed at the start: it is this
test's alone) is the cache and the session store.

Server: gunicorn as README "Running it as a service" says (gthread workers, one per core
x 8 threads: 2 x 8 on two cores, --timeout 60, --max-requests 20000 with jitter, the
access log written to a file), persistent database connections (DB_CONN_MAX_AGE=60),
DEBUG=false and so PRODUCTION on: static files collected into a temporary STATIC_ROOT, secure cookies, HSTS
and the HTTPS redirect, which stays out of the way because every request says
`X-Forwarded-Proto: https`, as the TLS proxy in front does (SECURE_PROXY_SSL_HEADER_NAME).
The WSGI application is benchmarks/load_wsgi.py: the project's plus the floor view.

Traffic: wrk with benchmarks/load.lua, one connection per wrk thread, each request drawn by
weight: 90% anonymous public pages (home, program pages of every published program, item
pages, search, 近期更新, the API's lists and a program, downloads) and 10% signed in: the
supervision offices (dashboard, their review queue on the workbench) and unit reporters
(their to-do list, a report form), each account signed in once through the real login form.
After a 15 s warm-up, `--seconds` of the mix, then `--floor-seconds` of the floor: the
same server and load generator on a view that returns the 开平 2024 program page's bytes
from memory through the whole middleware. Any answer but 200 counts as an error (a lost
session would answer a cheap 302), and so does any socket error. The gunicorn workers'
total RSS is sampled every 10 s, and the workers recycled by --max-requests are counted
(--max-requests 0 keeps them, to see whether memory grows).

The server's CPU time (gunicorn's master, the workers it reaped and the live ones, user +
system, from /proc) is read around the mix and around the floor: CPU per request is far
less disturbed than requests/s by whatever else the machine runs.

Prints per kind requests/s, p50, p95 and errors, the RSS samples, the CPU per request, and
last:

    load rps=… errors=… p95_ms=… rss_start_mb=… rss_end_mb=… rss_max_mb=… floor_rps=… ratio=…

(then the overall p50, the server's CPU ms per request of the mix and of the floor and their
ratio, the counts and the configuration).
"""

import argparse
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from dashboard import ensure_postgres_database  # noqa: E402

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/minsheng_load"
DEFAULT_REDIS = "redis://127.0.0.1:6379/12"
WARMUP_SECONDS = 15
RSS_EVERY = 10
FLOOR_PAGE = "/440783/2024/"

# Share of requests, in percent, per kind of traffic: 90 public, 10 signed in.
# Items are what people open most (links shared from news and chats, the QR codes on site);
# the open-data API serves a few re-users, not the public.
WEIGHTS = {
    "home": 16, "program": 22, "item": 30, "search": 6, "updates": 5, "api": 6,
    "download": 5,
    "office": 3, "review": 2, "workbench": 3, "report": 2,
}
SEARCHES = ["学校", "养老", "道路 改造", "医疗"]


def need_wrk() -> str:
    found = shutil.which("wrk")
    if found is None:
        sys.exit("wrk is missing: install it (Debian: apt-get install -y wrk) and run again")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(args) -> dict:
    """The database with the demo, and what to request: {kind: [(path, account)]}."""
    ensure_postgres_database(args.database_url)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from progress.demo import DEMO_PASSWORD, KAIPING, SUPERVISORS
    from progress.demo_week import DEMO_MARK
    from projects.models import Program, Task

    call_command("migrate", verbosity=0)
    this_year = timezone.localdate().year
    if not Program.objects.filter(jurisdiction__code=KAIPING, year=this_year).exists():
        call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))

    published = list(
        Program.objects.filter(is_published=True).select_related("jurisdiction")
        .order_by("jurisdiction__code", "year")
    )
    items = []
    for program in published:
        numbers = Task.objects.for_program(program).order_by("sort_key").values_list(
            "number", flat=True
        )
        items += [(program, number) for number in list(numbers)[:10]]
    urls = {
        "home": [("/", None)],
        "program": [(f"/{p.jurisdiction.code}/{p.year}/", None) for p in published],
        "item": [(f"/{p.jurisdiction.code}/{p.year}/{n}/", None) for p, n in items],
        "search": [(f"/search/?q={quote(q)}", None) for q in SEARCHES],
        "updates": [("/updates/", None)],
        "api": [("/api/v1/programs/", None), ("/api/v1/tasks/?jurisdiction=440783", None)]
        + [(f"/api/v1/programs/{p.jurisdiction.code}/{p.year}/", None) for p in published],
        "download": [
            (f"/{p.jurisdiction.code}/{p.year}/download.{fmt}", None)
            for p in published for fmt in ("csv", "xlsx")
        ],
    }
    offices = [username for username, _code, _name in SUPERVISORS]
    urls["office"] = [("/office/", name) for name in offices]
    urls["review"] = [("/work/", name) for name in offices]
    # The reporters of this year's ordinary week: their to-do list and a report form each.
    week = Program.objects.get(jurisdiction__code=KAIPING, year=this_year, title__contains=DEMO_MARK)
    today = timezone.localdate()
    period = [p for p in week.reporting_periods() if p.start <= today][-1]
    from accounts.models import Account

    reporters = Account.objects.filter(unit__isnull=False, user__username__startswith="kp-unit")
    urls["workbench"], urls["report"] = [], []
    for account in reporters.select_related("user", "unit").order_by("user__username"):
        task = next(
            (t for t in Task.objects.for_program(week).order_by("sort_key")
             if t.lead_unit == account.unit),
            None,
        )
        if task is None:
            continue
        urls["workbench"].append(("/work/", account.user.username))
        urls["report"].append((f"/work/tasks/{task.pk}/reports/{period.key}/", account.user.username))
    missing = [kind for kind in WEIGHTS if not urls.get(kind)]
    if missing:
        sys.exit(f"the demo data lack pages for: {', '.join(missing)}")
    return {"urls": urls, "password": DEMO_PASSWORD}


class Server:
    """gunicorn on a free loopback port, spoken to as the TLS proxy would."""

    def __init__(self, args, env, scratch):
        self.port = free_port()
        self.workers_seen: set[str] = set()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "load_wsgi:application",
             "--pythonpath", str(ROOT / "benchmarks"),
             "--bind", f"127.0.0.1:{self.port}", "--worker-class", "gthread",
             "--workers", str(args.workers), "--threads", str(args.threads),
             "--timeout", "60", "--max-requests", str(args.max_requests),
             "--max-requests-jitter", str(args.max_requests // 10),
             "--access-logfile", str(scratch / "access.log"), "--log-level", "warning"],
            cwd=ROOT, env=env,
        )

    def request(self, method, path, jar=None, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"X-Forwarded-Proto": "https", **(headers or {})}
        if jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        if jar is not None:
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    jar[name] = rest.split(";", 1)[0]
        connection.close()
        return response.status, data

    def wait_healthy(self) -> None:
        for _ in range(300):
            if self.process.poll() is not None:
                sys.exit("gunicorn exited at start")
            try:
                if self.request("GET", "/healthz/")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        sys.exit("gunicorn did not become healthy")

    def log_in(self, username, password) -> str:
        """The session cookie of a sign-in through the real login form."""
        jar: dict = {}
        _status, page = self.request("GET", "/accounts/login/", jar)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        body = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
        status, _ = self.request(
            "POST", "/accounts/login/", jar, body,
            {"Content-Type": "application/x-www-form-urlencoded",
             "Referer": f"https://127.0.0.1:{self.port}/accounts/login/"},
        )
        if status != 302 or "sessionid" not in jar:
            sys.exit(f"could not sign in as {username} (HTTP {status})")
        return f"sessionid={jar['sessionid']}"

    def worker_rss_kb(self) -> int:
        """The workers' total resident memory (children of the master), in kB; the workers'
        process ids go into self.workers_seen, so recycled workers can be counted."""
        total = 0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            if fields.get("PPid", "").strip() == str(self.process.pid):
                total += int(fields.get("VmRSS", "0 kB").split()[0])
                self.workers_seen.add(entry.name)
        return total

    def cpu_seconds(self) -> float:
        """The server's CPU time so far, user + system: the master's own and that of the
        workers it has reaped (recycled ones included), plus the live workers'."""
        tick = os.sysconf("SC_CLK_TCK")

        def times(pid, children: bool) -> int:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                return 0
            # After the name: utime, stime, cutime, cstime are fields 12-15 (0-based 11-14).
            return sum(int(f) for f in fields[11 : 15 if children else 13])

        total = times(self.process.pid, children=True)
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    status = (entry / "status").read_text()
                except OSError:
                    continue
                if f"\nPPid:\t{self.process.pid}\n" in status:
                    total += times(entry.name, children=False)
        return total / tick

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)


def write_plan(file: Path, urls: dict, cookies: dict) -> None:
    """Each kind's weight shared among its URLs, one tab-separated line each (see load.lua)."""
    lines = []
    for kind, weight in WEIGHTS.items():
        for path, account in urls[kind]:
            share = weight / len(urls[kind])
            lines.append(f"{kind}\t{share:.6f}\t{path}\t{cookies[account] if account else '-'}")
    file.write_text("\n".join(lines) + "\n")


def run_wrk(wrk, port, plan: Path, seconds: float, connections: int) -> dict:
    """Run the load; per kind the requests, errors and latencies (ms), socket errors, time."""
    output = subprocess.run(
        [wrk, "-t", str(connections), "-c", str(connections), "-d", f"{seconds:.0f}s",
         "--timeout", "10s", "-s", str(ROOT / "benchmarks" / "load.lua"),
         f"http://127.0.0.1:{port}", "--", str(plan)],
        capture_output=True, text=True, check=True,
    ).stdout
    result = {"kinds": {}, "hist": {}, "socket": 0, "seconds": seconds}
    for line in output.splitlines():
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "kind":
            result["kinds"][parts[1]] = (int(parts[2]), int(parts[3]))
        elif parts[0] == "hist":
            result["hist"].setdefault(parts[1], Counter())[int(parts[2])] += int(parts[3])
        elif parts[0] == "socket":
            result["socket"] = sum(int(p) for p in parts[1:])
        elif parts[0] == "duration_us":
            result["seconds"] = int(parts[1]) / 1e6
    return result


def percentile_ms(hist: Counter, share: float) -> float:
    """The latency below which `share` of the requests fell, from tenths of ms."""
    total, seen = sum(hist.values()), 0
    for tenths in sorted(hist):
        seen += hist[tenths]
        if seen >= share * total:
            return tenths / 10
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--floor-seconds", type=float, default=30)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--max-requests", type=int, default=20000)
    parser.add_argument("--database-url", default=os.environ.get("LOAD_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--redis-url", default=os.environ.get("LOAD_REDIS_URL", DEFAULT_REDIS))
    args = parser.parse_args()
    wrk = need_wrk()

    scratch = Path(tempfile.mkdtemp(prefix="minsheng-load-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "minsheng.settings",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "CACHE_KEY_PREFIX": "load",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_PROXY_SSL_HEADER_NAME": "HTTP_X_FORWARDED_PROTO",
        "STATIC_ROOT": str(scratch / "static"),
        "LOG_LEVEL": "WARNING",
        "DB_CONN_MAX_AGE": "60",  # persistent connections: no PostgreSQL fork per request
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",  # the demo's mails
        "LOAD_FLOOR_PAGE": str(scratch / "floor.html"),
    }
    os.environ.update(env)
    import redis

    redis.Redis.from_url(args.redis_url).flushdb()  # this test's db: a cold cache, no sessions
    plan_urls = prepare(args)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env,
        check=True,
    )
    server = Server(args, env, scratch)
    samples: list[int] = []
    try:
        server.wait_healthy()
        accounts = {a for pairs in plan_urls["urls"].values() for _p, a in pairs if a}
        cookies = {name: server.log_in(name, plan_urls["password"]) for name in sorted(accounts)}
        status, page = server.request("GET", FLOOR_PAGE)
        assert status == 200, (FLOOR_PAGE, status)
        (scratch / "floor.html").write_bytes(page)
        plan = scratch / "plan.tsv"
        write_plan(plan, plan_urls["urls"], cookies)
        for line in plan.read_text().splitlines():  # every URL answers before the load
            kind, _w, path, cookie = line.split("\t")
            status, _ = server.request("GET", path, headers={"Cookie": cookie} if cookie != "-" else {})
            if status != 200:
                sys.exit(f"{kind} {path} answered {status}")
        run_wrk(wrk, server.port, plan, WARMUP_SECONDS, args.connections)

        stop = threading.Event()

        def sample():
            while True:
                samples.append(server.worker_rss_kb())
                if stop.wait(RSS_EVERY):
                    return

        sampler = threading.Thread(target=sample)
        sampler.start()
        cpu_before = server.cpu_seconds()
        mix = run_wrk(wrk, server.port, plan, args.seconds, args.connections)
        mix_cpu = server.cpu_seconds() - cpu_before
        stop.set()
        sampler.join()
        samples.append(server.worker_rss_kb())
        floor_plan = scratch / "floor.tsv"
        floor_plan.write_text("floor\t1\t/bench/floor/\t-\n")
        cpu_before = server.cpu_seconds()
        floor = run_wrk(wrk, server.port, floor_plan, args.floor_seconds, args.connections)
        floor_cpu = server.cpu_seconds() - cpu_before
    finally:
        server.stop()
        shutil.rmtree(scratch, ignore_errors=True)

    seconds = mix["seconds"]
    total, errors, everything = 0, mix["socket"], Counter()
    for kind in WEIGHTS:
        count, failed = mix["kinds"].get(kind, (0, 0))
        hist = mix["hist"].get(kind, Counter())
        total, errors = total + count, errors + failed
        everything.update(hist)
        print(
            f"  {kind:<9} rps={count / seconds:6.1f} p50_ms={percentile_ms(hist, 0.5):6.1f} "
            f"p95_ms={percentile_ms(hist, 0.95):6.1f} errors={failed}"
        )
    floor_count, floor_errors = floor["kinds"].get("floor", (0, 0))
    floor_rps = floor_count / floor["seconds"]
    floor_hist = floor["hist"].get("floor", Counter())
    print(
        f"  floor     rps={floor_rps:6.1f} p50_ms={percentile_ms(floor_hist, 0.5):6.1f} "
        f"p95_ms={percentile_ms(floor_hist, 0.95):6.1f} errors={floor_errors + floor['socket']}"
    )
    mb = [kb / 1024 for kb in samples]
    recycled = len(server.workers_seen) - args.workers
    print(f"  socket errors={mix['socket']}; workers recycled (--max-requests): {recycled}; "
          f"workers' RSS every {RSS_EVERY} s (MB): " + " ".join(f"{m:.0f}" for m in mb))
    rps = total / seconds
    # The server's CPU per request, which the other load on a shared machine disturbs far
    # less than requests/s: the mix's against the floor's, and what two cores would serve
    # at that cost if the server had them to itself.
    mix_cpu_ms = 1000 * mix_cpu / max(total, 1)
    floor_cpu_ms = 1000 * floor_cpu / max(floor_count, 1)
    print(f"  server CPU per request: mix {mix_cpu_ms:.2f} ms, floor {floor_cpu_ms:.2f} ms "
          f"(x{mix_cpu_ms / floor_cpu_ms:.1f}); {os.cpu_count()} cores at the mix's cost: "
          f"{1000 * (os.cpu_count() or 1) / mix_cpu_ms:.0f} requests/s")
    print(
        f"load rps={rps:.1f} errors={errors} p95_ms={percentile_ms(everything, 0.95):.1f} "
        f"rss_start_mb={mb[0]:.0f} rss_end_mb={mb[-1]:.0f} rss_max_mb={max(mb):.0f} "
        f"floor_rps={floor_rps:.1f} ratio={rps / floor_rps:.2f} p50_ms={percentile_ms(everything, 0.5):.1f} "
        f"cpu_ms={mix_cpu_ms:.2f} floor_cpu_ms={floor_cpu_ms:.2f} cpu_ratio={mix_cpu_ms / floor_cpu_ms:.1f} "
        f"requests={total} seconds={seconds:.0f} workers={args.workers}x{args.threads} "
        f"connections={args.connections}"
    )
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
