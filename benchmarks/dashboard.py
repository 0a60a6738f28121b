#!/usr/bin/env python3
"""Server time of the supervision dashboard at the scale of a province, against a bare view.

From a fresh clone (python3 3.11+ and a PostgreSQL server on 127.0.0.1:5432 that lets the
user postgres in; the first command creates .venv and installs the dependencies, which
takes a few minutes, then only lists the tests):

    git clone <repository> minsheng && cd minsheng
    python3 dev.py test --co -q
    .venv/bin/python benchmarks/dashboard.py [--requests 60] [--rounds 3] [--database-url URL]

Nothing else is needed: no collected static files, no settings. It runs with DEBUG and
PRODUCTION off, as the tests do (PRODUCTION would redirect the test client to HTTPS and
want a static manifest).

Uses its own database (default postgres://postgres@127.0.0.1:5432/minsheng_bench, created
when missing; BENCH_DATABASE_URL or --database-url to change it, sqlite:///… works too),
migrates it, fills it once with `generate_scale_data` (150 jurisdictions × 10 years × 30
tasks, 4 milestones each, monthly reports, a few minutes; rerun with --regenerate), puts
the 150 under one synthetic city (980000, its office login bench-city-office), then
requests in-process through Django's test client and the project's whole middleware, each
for the current year:

- the floor: a view registered only in this benchmark's URLconf that returns the bytes of
  the first jurisdiction's dashboard from memory, requested by its supervisor;
- the city office: its roll-up over the 150 jurisdictions below it (the city has no
  programme of its own);
- an administrator looking at every jurisdiction (the roll-up, the figures over 4,500
  tasks and the first page of each list);
- the first jurisdiction's supervisor, its own page.

Each is timed `--requests` times (the roll-ups a third as often) in each of `--rounds`
rounds, the rounds interleaved so that a noisy neighbour spreads over all of them; each
line gives the medians over the rounds of the median and 95th percentile in ms and of the
CPU per request (this process plus its PostgreSQL backend, read from /proc: the figure a
shared machine moves least), each with xN, the figure over the floor's same one. The last
line sums them up:

    dashboard floor_p50_ms=… floor_cpu_ms=… city_p95_ms=… (x…) city_cpu_ms=… (cpu x…) admin_… office_…
"""

import argparse
import os
import secrets
import statistics
import sys
import time
import types
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/minsheng_bench"
CITY_CODE = "980000"


def ensure_postgres_database(url: str) -> None:
    parsed = urlparse(url)
    if not parsed.scheme.startswith("postgres"):
        return
    import psycopg2

    name = parsed.path.lstrip("/")
    admin = psycopg2.connect(
        host=parsed.hostname, port=parsed.port or 5432, user=parsed.username,
        password=parsed.password, dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def percentile(values, share):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def database_cpu() -> tuple[int | None, float]:
    """The PostgreSQL backend serving this process: its pid and the CPU seconds it has used
    (from /proc: the server runs on this machine); (None, 0) elsewhere (SQLite runs in this
    process, so its CPU is already the process's)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None, 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None, 0.0
    return pid, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(client, url, count):
    """Median and 95th percentile of `count` requests after three to warm up, the CPU per
    request (this process and its database backend, over the `count` requests: the kernel
    counts a backend's CPU in 10 ms ticks), and the queries of one more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):  # warm caches, connections, templates
        assert client.get(url).status_code == 200
    timings = []
    # The test client keeps the database connection across requests: one backend throughout.
    pid, database_before = database_cpu()
    process_before = time.process_time()
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    process = time.process_time() - process_before
    pid_after, database_after = database_cpu()
    database = database_after - database_before if pid_after == pid else float("nan")
    cpu = (process + database) * 1000 / count
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(timings), percentile(timings, 0.95), cpu, len(queries)


def serve_bare(body: bytes, content_type: str) -> str:
    """Add to the project's URLconf a view returning `body` from memory, the floor: what
    any page costs through the same middleware without building anything. Its URL."""
    from django.conf import settings
    from django.http import HttpResponse
    from django.urls import clear_url_caches, path

    from minsheng import urls as project_urls

    def bare(request):
        return HttpResponse(body, content_type=content_type)

    urls = types.ModuleType("bench_urls")
    urls.urlpatterns = [path("bench/bare/", bare), *project_urls.urlpatterns]
    sys.modules[urls.__name__] = urls
    settings.ROOT_URLCONF = urls.__name__
    clear_url_caches()
    return "/bench/bare/"


def city_office(username: str) -> str:
    """Put the synthetic jurisdictions under one city with an office login; its username.

    The city's code does not start with 99, so generate_scale_data leaves it in place."""
    from accounts.choices import Role
    from accounts.models import Account
    from projects.models import Jurisdiction
    from supervision.management.commands.generate_scale_data import synthetic_jurisdictions

    city, _ = Jurisdiction.objects.get_or_create(
        code=CITY_CODE, defaults={"name": "合成上级市", "short_name": "合成上级"}
    )
    for jurisdiction in synthetic_jurisdictions().filter(parent=None):
        jurisdiction.parent = city
        jurisdiction.save()  # rewrites its path under the city's
    if not Account.objects.filter(user__username=username).exists():
        Account.create_user(
            username=username, password=secrets.token_urlsafe(), role=Role.SUPERVISOR,
            jurisdiction=city,
        )
    return username


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--jurisdictions", type=int, default=150)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--tasks", type=int, default=30)
    args = parser.parse_args()

    ensure_postgres_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minsheng.settings")
    os.environ["DEBUG"] = "false"
    # Not a server: no HTTPS redirect (the test client speaks http), no static manifest.
    os.environ["PRODUCTION"] = "false"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production-use")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    sys.path.insert(0, str(ROOT))
    import warnings

    import django

    # No collected static files here; whitenoise says so once per process.
    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from projects.models import Task
    from supervision.management.commands.generate_scale_data import BENCH_USERNAME

    call_command("migrate", verbosity=0)
    expected = args.jurisdictions * args.years * args.tasks
    if args.regenerate or Task.objects.count() != expected:
        print(f"generating {expected} tasks …", flush=True)
        call_command(
            "generate_scale_data", jurisdictions=args.jurisdictions, years=args.years,
            tasks=args.tasks,
        )
    tasks = Task.objects.count()
    year = timezone.localdate().year

    User = get_user_model()
    admin, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    city = Client()
    city.force_login(User.objects.get(username=city_office("bench-city-office")))
    office = Client()
    office.force_login(User.objects.get(username=BENCH_USERNAME))
    everyone = Client()
    everyone.force_login(admin)

    # The floor: the office's page, as bytes, from a bare view behind the same middleware.
    page = office.get("/office/")
    assert page.status_code == 200, page.status_code
    body = page.content
    bare_url = serve_bare(body, page["Content-Type"])

    few = max(args.requests // 3, 5)
    runs = {
        "floor": (office, bare_url, args.requests),
        "city": (city, f"/office/?year={year}", few),
        "admin": (everyone, f"/office/?year={year}", few),
        "office": (office, "/office/", args.requests),
    }
    found = {name: [] for name in runs}
    for _ in range(args.rounds):
        for name, (client, url, count) in runs.items():
            found[name].append(measure(client, url, count))

    def figures(name):
        rounds = found[name]
        return (statistics.median(r[0] for r in rounds), statistics.median(r[1] for r in rounds),
                statistics.median(r[2] for r in rounds), rounds[-1][3])

    floor, floor95, floor_cpu, _ = figures("floor")
    rounds = f"median of {args.rounds} rounds"
    print(f"floor (bare view, {len(body):,} bytes of the office's dashboard, {rounds}) "
          f"p50_ms={floor:.2f} p95_ms={floor95:.2f} cpu_ms={floor_cpu:.2f}", flush=True)
    titles = {
        "city": f"city office, roll-up of {args.jurisdictions} jurisdictions, {year}",
        "admin": f"administrator, all jurisdictions, {year}",
        "office": f"supervisor, own jurisdiction, {year}, {tasks} tasks in the database",
    }
    summary = [f"floor_p50_ms={floor:.2f} floor_cpu_ms={floor_cpu:.2f}"]
    for name, title in titles.items():
        p50, p95, cpu, queries = figures(name)
        print(f"dashboard ({title}) p50_ms={p50:.1f} (x{p50 / floor:.1f}) "
              f"p95_ms={p95:.1f} (x{p95 / floor95:.1f}) cpu_ms={cpu:.1f} "
              f"(cpu x{cpu / floor_cpu:.1f}) queries={queries}", flush=True)
        summary.append(f"{name}_p95_ms={p95:.1f} (x{p95 / floor95:.1f}) "
                       f"{name}_cpu_ms={cpu:.1f} (cpu x{cpu / floor_cpu:.1f})")
    print("dashboard " + " ".join(summary) + " (xN: over the floor's same figure; cpu: this "
          "process and its PostgreSQL backend per request, a loaded machine barely moves it)")


if __name__ == "__main__":
    main()
