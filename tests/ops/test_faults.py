"""Faults on the real PostgreSQL server: a process killed, a connection cut mid-request.

Each test makes the server stop a writer at a known point by holding a table lock from a
second connection, then kills the writer (or its connection) and checks what was left.
They need a server the test and a subprocess can share, so they run in the PostgreSQL
variant of the suite.
"""

import datetime
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg2
import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from minsheng.lib.periods import Period
from progress import workflow
from progress.choices import MilestoneProgressState, ReportState
from progress.models import ProgressRecord, ReminderLog
from projects.models import Program, Task
from tests.conftest import restore_reference_data, seed_path

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    if connection.vendor == "postgresql":
        restore_reference_data()

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a server shared with another process"
)
pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]


def dsn():
    s = connection.settings_dict
    return dict(host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432, user=s["USER"],
                password=s["PASSWORD"] or None, dbname=s["NAME"])


def database_url():
    d = dsn()
    return f"postgres://{d['user']}@{d['host']}:{d['port']}/{d['dbname']}"


def waiting_on_lock(pid_filter="") -> list[int]:
    with psycopg2.connect(**dsn()) as probe, probe.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = %s",
            [dsn()["dbname"]],
        )
        return [row[0] for row in cursor.fetchall()]


def wait_for_a_blocked_writer(timeout=60, process=None) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the process ended first: {process.communicate()}")
        blocked = waiting_on_lock()
        if blocked:
            return blocked[0]
        time.sleep(0.1)
    raise AssertionError("no writer reached the locked table")


def lock(table):
    """A second connection holding an exclusive lock on `table` until released."""
    holder = psycopg2.connect(**dsn())
    cursor = holder.cursor()
    cursor.execute(f'LOCK TABLE "{table}" IN ACCESS EXCLUSIVE MODE')
    return holder


def manage(*args, env=None):
    return subprocess.Popen(
        [sys.executable, "manage.py", *args], cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url(), **(env or {})},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_an_import_killed_midway_leaves_no_trace():
    holder = lock("importers_importrecord")  # the import's last write
    try:
        process = manage("import_document", str(seed_path("003")), "--jurisdiction", "440704")
        wait_for_a_blocked_writer()  # programs, tasks and milestones written, uncommitted
        process.kill()
        process.wait(timeout=30)
    finally:
        holder.rollback()
        holder.close()
    assert not Program.objects.exists()
    assert not Task.objects.exists()
    # And the same import, run again, goes through whole.
    again = manage("import_document", str(seed_path("003")), "--jurisdiction", "440704")
    assert again.wait(timeout=120) == 0, again.stderr.read()
    assert Task.objects.filter(program__year=2017).count() == 48


def test_a_reminder_run_killed_midway_sends_nothing_twice(world, tmp_path):
    # Two tasks with March reports due on 29 March 2024; their reporters have addresses.
    env = {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
           "EMAIL_FILE_PATH": str(tmp_path)}
    for task in Task.objects.all():
        task.refresh_state()
    holder = lock("progress_taskevent")  # written after each mail has gone out
    try:
        process = manage("send_reminders", "--today", "2024-03-29", env=env)
        wait_for_a_blocked_writer(process=process)
        process.kill()
        process.wait(timeout=30)
    finally:
        holder.rollback()
        holder.close()
    sent_first = len(list(tmp_path.iterdir()))
    assert sent_first == 1
    rerun = manage("send_reminders", "--today", "2024-03-29", env=env)
    assert rerun.wait(timeout=120) == 0, rerun.stderr.read()
    messages = [p.read_text() for p in tmp_path.iterdir()]
    recipients = sorted(line for m in messages for line in m.splitlines() if line.startswith("To: "))
    assert recipients == sorted(set(recipients))  # nobody got the same reminder twice
    assert ReminderLog.objects.count() == len(messages) == 2
    assert mail.outbox == []


def test_the_database_going_away_mid_request_leaves_no_partial_write(world):
    updates = [{"milestone": world.march, "state": MilestoneProgressState.DONE,
                "done_on": datetime.date(2024, 3, 28), "reason": "", "remedy": ""}]
    report = workflow.save_report(
        world.task_a, Period(2024, 3), world.lead, narrative="三月", figure=100,
        declares_complete=False, updates=updates, version=None,
    )
    workflow.submit(report, world.lead)
    holder = lock("progress_progressrecord")  # approval writes it after the report's state
    answer = {}

    def approve():
        try:
            client = Client(raise_request_exception=False)
            client.force_login(world.supervisor)
            answer["response"] = client.post(
                reverse("progress:review", args=[report.pk]),
                {"decision": "approve", "comment": ""},
            )
        finally:
            connection.close()  # this thread's own connection, cut by the server

    thread = threading.Thread(target=approve)
    try:
        thread.start()
        pid = wait_for_a_blocked_writer()
        with holder.cursor() as cursor:  # the database drops the request's connection
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        thread.join(timeout=60)
    finally:
        holder.rollback()
        holder.close()
    response = answer["response"]
    assert response.status_code == 500
    assert "没有被部分保存" in response.content.decode()
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED  # the approval rolled back whole
    world.march.refresh_from_db()
    assert world.march.done_on is None
    assert not ProgressRecord.objects.filter(report=report).exists()


def test_two_supervisors_approving_at_the_same_moment_approve_once(world, django_user_model):
    from accounts.choices import Role
    from accounts.models import Account
    from progress.choices import EventKind
    from progress.models import TaskEvent

    colleague = Account.create_user(
        username="kp-office-2", password="another-long-password", role=Role.SUPERVISOR,
        jurisdiction=world.kaiping,
    ).user
    updates = [{"milestone": world.march, "state": MilestoneProgressState.DONE,
                "done_on": datetime.date(2024, 3, 28), "reason": "", "remedy": ""}]
    report = workflow.save_report(
        world.task_a, Period(2024, 3), world.lead, narrative="三月", figure=100,
        declares_complete=False, updates=updates, version=None,
    )
    workflow.submit(report, world.lead)
    holder = lock("progress_progressrecord")  # both requests get as far as they can
    answers = {}

    def approve(user):
        try:
            client = Client()
            client.force_login(user)
            answers[user.username] = client.post(
                reverse("progress:review", args=[report.pk]),
                {"decision": "approve", "comment": ""}, follow=True,
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(u,)) for u in (world.supervisor, colleague)]
    try:
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 60
        while len(waiting_on_lock()) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)  # one waits on the table, the other on the report's row
    finally:
        holder.rollback()
        holder.close()
    for thread in threads:
        thread.join(timeout=60)
    pages = [r.content.decode() for r in answers.values()]
    assert sum("已审核通过。" in p for p in pages) == 1
    assert sum("可能已被他人处理" in p for p in pages) == 1
    assert TaskEvent.objects.filter(kind=EventKind.APPROVED).count() == 1
    assert ProgressRecord.objects.filter(report=report).count() == 1
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED
