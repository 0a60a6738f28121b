#!/usr/bin/env python3
"""Server time of the supervision dashboard at the scale of a province.

From a fresh clone (python3 3.11+ and a PostgreSQL server on 127.0.0.1:5432 that lets the
user postgres in; the first command creates .venv and installs the dependencies, which
takes a few minutes, then only lists the tests):

    python3 dev.py test --co -q
    .venv/bin/python benchmarks/dashboard.py [--requests 60] [--database-url URL]

Nothing else is needed: no collected static files, no settings. It runs with DEBUG and
PRODUCTION off, as the tests do (PRODUCTION would redirect the test client to HTTPS and
want a static manifest).

Uses its own database (default postgres://postgres@127.0.0.1:5432/minsheng_bench, created
when missing; BENCH_DATABASE_URL or --database-url to change it, sqlite:///… works too),
migrates it, fills it once with `generate_scale_data` (150 jurisdictions × 10 years × 30
tasks, 4 milestones each, monthly reports, a few minutes; rerun with --regenerate), puts
the 150 under one synthetic city (980000, its office login bench-city-office), then
requests the dashboard in-process through Django's test client, each for the current year:

- the city office: its roll-up over the 150 jurisdictions below it (the city has no
  programme of its own);
- an administrator looking at every jurisdiction (roll-up and lists of 4,500 tasks);
- the first jurisdiction's supervisor, its own page (the last line).

The server time of each request is measured (median and 95th percentile):

    dashboard p50_ms=… p95_ms=… queries=… tasks=…
"""

import argparse
import os
import secrets
import statistics
import sys
import time
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


def measure(client, url, count):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):  # warm caches, connections, templates
        assert client.get(url).status_code == 200
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(timings), percentile(timings, 0.95), len(queries)


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
    import django

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

    few = max(args.requests // 3, 5)
    p50, p95, queries = measure(city, f"/office/?year={year}", few)
    print(
        f"dashboard (city office, roll-up of {args.jurisdictions} jurisdictions, {year}) "
        f"p50_ms={p50:.1f} p95_ms={p95:.1f} queries={queries}", flush=True,
    )
    p50, p95, queries = measure(everyone, f"/office/?year={year}", few)
    print(
        f"dashboard (administrator, all jurisdictions, {year}) "
        f"p50_ms={p50:.1f} p95_ms={p95:.1f} queries={queries}", flush=True,
    )
    p50, p95, queries = measure(office, "/office/", args.requests)
    print(f"dashboard p50_ms={p50:.1f} p95_ms={p95:.1f} queries={queries} tasks={tasks}")

if __name__ == "__main__":
    main()
