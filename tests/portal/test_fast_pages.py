"""The public pages drawn by Jinja2 fragments: escaped, linked and counted as before, with a
fixed number of queries, and a page cache whose hit is one cache round trip."""

import datetime

import pytest
import time_machine
from django.core.cache.backends.locmem import LocMemCache
from django.test import override_settings
from django.urls import reverse

from portal import facts
from progress.choices import ProgressSource
from progress.models import ProgressRecord
from projects.choices import TaskStatus
from projects.models import Category, Task, TaskUnit, Unit

pytestmark = pytest.mark.django_db

APRIL = "2024-04-15 10:00 +0800"
SCRIPT = "<script>alert(1)</script>"


def program_url(program):
    return reverse("portal:program", args=[program.jurisdiction.code, program.year])


def task_url(task):
    return reverse(
        "portal:task", args=[task.program.jurisdiction.code, task.program.year, task.number]
    )


def hostile(world):
    """Markup in every text an item page and a program page show."""
    task = world.task_a
    task.title = f"学校{SCRIPT}"
    task.content = 'A & B <b>"引号"</b>'
    task.save()
    task.milestones.update(text=f"节点{SCRIPT}")
    Category.objects.filter(pk=task.category_id).update(name=f"大类{SCRIPT}")
    Unit.objects.filter(pk=task.assignments.get(is_lead=True).unit_id).update(
        name=f"单位{SCRIPT}"
    )
    ProgressRecord.objects.create(
        task=task, source=ProgressSource.IMPORT, as_of=datetime.date(2024, 3, 31),
        status=TaskStatus.IN_PROGRESS, narrative=f"第一行{SCRIPT}\n第二行",
    )
    world.program.publish()
    return task


@time_machine.travel(APRIL, tick=False)
def test_markup_in_the_office_s_texts_is_shown_as_text_on_every_public_page(client, world):
    task = hostile(world)
    pages = {
        "program": program_url(world.program),
        "item": task_url(task),
        "search": reverse("portal:search") + "?q=学校",
    }
    for name, url in pages.items():
        html = client.get(url).content.decode()
        assert SCRIPT not in html, name
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, name
    program = client.get(pages["program"]).content.decode()
    assert "A &amp; B &lt;b&gt;" in program
    assert "第一行&lt;script&gt;alert(1)&lt;/script&gt;<br>第二行" in program
    item = client.get(pages["item"]).content.decode()
    assert "节点&lt;script&gt;" in item and "单位&lt;script&gt;" in item
    assert "第一行&lt;script&gt;alert(1)&lt;/script&gt;<br>第二行" in item


@time_machine.travel(APRIL, tick=False)
def test_the_program_page_links_each_item_and_sub_item_to_its_page(client, world):
    sub = Task.objects.create(
        program=world.program, category=world.task_a.category, number="3(1)", content="子项。"
    )
    TaskUnit.objects.create(task=sub, unit=Unit.objects.first(), position=0, is_lead=True)
    world.program.publish()
    html = client.get(program_url(world.program)).content.decode()
    for task in (world.task_a, world.task_b, sub):
        assert f'<a href="{task_url(task)}">' in html
        assert facts.item_base(world.program) + f"{task.number}/" == task_url(task)
    assert client.get(task_url(sub)).status_code == 200


@time_machine.travel(APRIL, tick=False)
def test_a_shared_program_page_says_how_many_items_it_has(client, world):
    world.program.publish()
    html = client.get(program_url(world.program)).content.decode()
    assert (
        '<meta name="description" content="2024年开平市十件民生实事项目：共2项，每一项的节点目标和进展。">'
        in html
    )
    assert "bound method" not in html


@time_machine.travel(APRIL, tick=False)
def test_the_public_pages_run_a_fixed_number_of_queries(
    client, world, import_seed, django_assert_num_queries
):
    world.program.publish()
    large = import_seed("003").program
    large.publish()
    for program in (world.program, large):
        task = program.tasks.order_by("sort_key").first()
        # The item and its program, its milestones, units and statements, its photos.
        with django_assert_num_queries(5):
            assert client.get(task_url(task)).status_code == 200
    # Stale states, the programs, their counts.
    with django_assert_num_queries(3):
        assert client.get(reverse("projects:home")).status_code == 200
    for words in ("学校", "就业"):
        # Stale states; the form's choices and checks; the count, the page of items and
        # their units, milestones and statements.
        with django_assert_num_queries(SEARCH_QUERIES):
            response = client.get(reverse("portal:search"), {"q": words})
        assert response.status_code == 200


SEARCH_QUERIES = 10


class CountingCache(LocMemCache):
    """The process-local cache, counting the round trips a page makes to it (a get_many
    is one, however many keys; LocMemCache runs it as gets, which are not counted)."""

    calls: list[str] = []
    inside = False

    def _count(self, name, call):
        if CountingCache.inside:
            return call()
        self.calls.append(name)
        CountingCache.inside = True
        try:
            return call()
        finally:
            CountingCache.inside = False

    def get(self, key, default=None, version=None):
        return self._count("get", lambda: super(CountingCache, self).get(key, default, version))

    def get_many(self, keys, version=None):
        return self._count("get_many", lambda: super(CountingCache, self).get_many(keys, version))

    def set(self, key, value, timeout=300, version=None):
        call = lambda: super(CountingCache, self).set(key, value, timeout, version)  # noqa: E731
        return self._count("set", call)

    def add(self, key, value, timeout=300, version=None):
        call = lambda: super(CountingCache, self).add(key, value, timeout, version)  # noqa: E731
        return self._count("add", call)


@override_settings(
    CACHES={"default": {"BACKEND": "tests.portal.test_fast_pages.CountingCache"}}
)
def test_a_cached_page_and_a_304_cost_one_cache_round_trip_and_no_query(
    client, world, django_assert_num_queries
):
    world.program.publish()
    url = program_url(world.program)
    first = client.get(url)
    assert "X-Portal-Cache" not in first
    CountingCache.calls.clear()
    with django_assert_num_queries(0):
        hit = client.get(url)
    assert hit["X-Portal-Cache"] == "hit" and hit.content == first.content
    assert CountingCache.calls == ["get_many"]
    CountingCache.calls.clear()
    with django_assert_num_queries(0):
        unchanged = client.get(url, HTTP_IF_NONE_MATCH=hit["ETag"])
    assert unchanged.status_code == 304 and unchanged["ETag"] == hit["ETag"]
    assert CountingCache.calls == ["get_many"]
    world.task_a.save()  # a change: the stored page is not served, the old ETag not honoured
    fresh = client.get(url, HTTP_IF_NONE_MATCH=hit["ETag"])
    assert fresh.status_code == 200 and "X-Portal-Cache" not in fresh
    assert fresh["ETag"] != hit["ETag"]
