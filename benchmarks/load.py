#!/usr/bin/env python3
"""Load test: the portal under gunicorn on PostgreSQL, many clients on loopback.

    .venv/bin/python benchmarks/load.py [--seconds 30] [--clients 16] [--workers 4]

Uses the benchmark database of benchmarks/dashboard.py (run that first once; it creates
and fills it), publishes one synthetic program and opens a reporter login, collects static
files, starts gunicorn (gthread workers, DEBUG off, Redis as cache and session store) on a
free loopback port, signs the clients in through the real login form, then for a bounded
time has each client request in turn the public program page, the supervision dashboard
and a report form. Last line:

    load rps=… p50_ms=… p95_ms=… errors=… requests=… clients=…
"""

import argparse
import http.client
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/minsheng_bench"
REPORTER, REPORTER_PASSWORD = "bench-reporter", "bench-reporter-password"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(database_url: str) -> dict:
    """Publish a program, open a reporter login; return the URLs to request."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minsheng.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)

    from accounts.choices import Role
    from accounts.models import Account
    from projects.models import Program, Task
    from supervision.management.commands.generate_scale_data import (
        BENCH_PASSWORD,
        BENCH_USERNAME,
    )

    year = timezone.localdate().year
    program = Program.objects.filter(jurisdiction__code="990001", year=year).first()
    if program is None:
        sys.exit("no benchmark data: run benchmarks/dashboard.py first")
    program.publish()
    task = Task.objects.for_program(program).order_by("sort_key").first()
    if not Account.objects.filter(user__username=REPORTER).exists():
        Account.create_user(
            username=REPORTER, password=REPORTER_PASSWORD, role=Role.REPORTER,
            jurisdiction=program.jurisdiction, unit=task.lead_unit,
        )
    else:
        account = Account.objects.get(user__username=REPORTER)
        account.unit = task.lead_unit
        account.save()
    period = program.reporting_periods()[0].key
    return {
        "public": f"/{program.jurisdiction.code}/{year}/",
        "dashboard": "/office/",
        "report": f"/work/tasks/{task.pk}/reports/{period}/",
        "supervisor": (BENCH_USERNAME, BENCH_PASSWORD),
        "reporter": (REPORTER, REPORTER_PASSWORD),
    }


def cookies_of(response, jar: dict) -> None:
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            jar[name] = rest.split(";", 1)[0]


def request(port, method, path, jar=None, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = dict(headers or {})
    if jar:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    if jar is not None:
        cookies_of(response, jar)
    connection.close()
    return response.status, data


def log_in(port, username, password) -> dict:
    jar: dict = {}
    status, page = request(port, "GET", "/accounts/login/", jar)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    body = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    status, _ = request(
        port, "POST", "/accounts/login/", jar, body,
        {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://127.0.0.1:{port}/accounts/login/"},
    )
    if status != 302 or "sessionid" not in jar:
        sys.exit(f"could not sign in as {username} (HTTP {status})")
    return jar


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"))
    args = parser.parse_args()

    static_root = tempfile.mkdtemp(prefix="minsheng-static-")
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "CACHE_KEY_PREFIX": f"load-{secrets.token_hex(4)}",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback; TLS ends at the proxy
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": "WARNING",
        "DB_CONN_MAX_AGE": "60",
        "AXES_FAILURE_LIMIT": "1000",
    }
    os.environ.update({k: env[k] for k in ("REDIS_URL", "CACHE_KEY_PREFIX", "STATIC_ROOT")})
    urls = prepare(args.database_url)
    python = sys.executable
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    port = free_port()
    server = subprocess.Popen(
        [python, "-m", "gunicorn", "minsheng.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers), "--threads", str(args.threads),
         "--worker-class", "gthread", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    try:
        for _ in range(100):
            try:
                if request(port, "GET", "/healthz/")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            sys.exit("gunicorn did not become healthy")
        supervisor = log_in(port, *urls["supervisor"])
        reporter = log_in(port, *urls["reporter"])
        plan = [("public", urls["public"], None), ("dashboard", urls["dashboard"], supervisor),
                ("report", urls["report"], reporter)]
        for _name, path, jar in plan:  # warm every worker's caches a little
            for _ in range(args.workers):
                request(port, "GET", path, dict(jar) if jar else None)

        results: list[tuple[str, float, int]] = []
        lock = threading.Lock()
        deadline = time.monotonic() + args.seconds

        def client(index):
            mine = []
            step = index
            while time.monotonic() < deadline:
                name, path, jar = plan[step % len(plan)]
                step += 1
                started = time.perf_counter()
                try:
                    status, _ = request(port, "GET", path, dict(jar) if jar else None)
                except OSError:
                    status = 0
                mine.append((name, (time.perf_counter() - started) * 1000, status))
            with lock:
                results.extend(mine)

        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - began
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    def figures(rows):
        times = sorted(ms for _n, ms, _s in rows)
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        errors = sum(1 for _n, _ms, status in rows if status != 200)
        return statistics.median(times), p95, errors

    for name in ("public", "dashboard", "report"):
        rows = [r for r in results if r[0] == name]
        p50, p95, errors = figures(rows)
        print(f"  {name:<9} requests={len(rows)} p50_ms={p50:.1f} p95_ms={p95:.1f} errors={errors}")
    p50, p95, errors = figures(results)
    print(
        f"load rps={len(results) / elapsed:.1f} p50_ms={p50:.1f} p95_ms={p95:.1f} "
        f"errors={errors} requests={len(results)} clients={args.clients}"
    )
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
