"""Each process keeps the pages it served last, and still follows the shared versions: a save
seen by one process refreshes the pages of every process, scoped to its jurisdiction."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from portal import cache as page_cache
from portal.cache import LocalPages
from tests.portal.test_cache_per_jurisdiction import jiangmen  # noqa: F401
from tests.portal.test_public_pages import file_march, program_url

pytestmark = pytest.mark.django_db


class Process:
    """One server process: its own memory of pages, the shared cache of all of them."""

    def __init__(self, client, monkeypatch):
        self.client, self.monkeypatch = client, monkeypatch
        self.local = LocalPages(16 * 1024 * 1024)

    def get(self, url, **headers):
        self.monkeypatch.setattr(page_cache, "local", self.local)
        return self.client.get(url, **headers)


def test_a_save_in_kaiping_refreshes_kaiping_in_every_process_and_leaves_jiangmen_kept(
    client, world, jiangmen, monkeypatch, django_assert_num_queries  # noqa: F811
):
    world.program.publish()
    kaiping_url, jiangmen_url = program_url(world.program), program_url(jiangmen)
    one, two = Process(client, monkeypatch), Process(client, monkeypatch)
    first = {url: one.get(url) for url in (kaiping_url, jiangmen_url)}
    for process in (one, two):
        for url in (kaiping_url, jiangmen_url):
            with django_assert_num_queries(0):
                kept = process.get(url)
            assert kept["X-Portal-Cache"] == "hit"
            assert kept.content == first[url].content
            assert kept["ETag"] == first[url]["ETag"]
    # Each process now holds both pages itself.
    assert len(one.local.entries) == len(two.local.entries) == 2

    file_march(world, narrative="审核通过后的新进展")

    built = one.get(kaiping_url)
    assert "X-Portal-Cache" not in built
    assert "审核通过后的新进展" in built.content.decode()
    assert built["ETag"] != first[kaiping_url]["ETag"]
    # The other process serves what the first one built, not its own older copy.
    with django_assert_num_queries(0):
        fetched = two.get(kaiping_url)
    assert fetched["X-Portal-Cache"] == "hit"
    assert fetched.content == built.content
    for process in (one, two):
        with django_assert_num_queries(0):
            kept = process.get(jiangmen_url)
        assert kept["X-Portal-Cache"] == "hit"
        assert kept["ETag"] == first[jiangmen_url]["ETag"]


def test_a_page_this_process_holds_is_served_without_the_shared_copy(client, world, monkeypatch):
    world.program.publish()
    url = program_url(world.program)
    one = Process(client, monkeypatch)
    first = one.get(url)
    shared = f"portal:page:{timezone.localdate().isoformat()}:zh-hans::{url}"
    assert cache.get(shared)[2] == first.content
    cache.delete(shared)
    again = one.get(url)
    assert again["X-Portal-Cache"] == "hit"
    assert again.content == first.content


def test_a_flushed_shared_cache_never_lets_a_process_serve_its_old_pages(
    client, world, monkeypatch
):
    """The versions are lost with the flush; they start again at a new random number, so the
    pages and ETags built under the old ones are never current again."""
    world.program.publish()
    url = program_url(world.program)
    one = Process(client, monkeypatch)
    tag = one.get(url)["ETag"]
    assert one.get(url)["X-Portal-Cache"] == "hit"
    cache.clear()
    rebuilt = one.get(url)
    assert "X-Portal-Cache" not in rebuilt
    assert rebuilt["ETag"] != tag
    assert one.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 200


def test_the_304_still_reads_no_page_and_no_database(
    client, world, monkeypatch, django_assert_num_queries
):
    world.program.publish()
    url = program_url(world.program)
    one, two = Process(client, monkeypatch), Process(client, monkeypatch)
    tag = one.get(url)["ETag"]
    for process in (one, two):
        with django_assert_num_queries(0):
            answer = process.get(url, HTTP_IF_NONE_MATCH=tag)
        assert answer.status_code == 304 and answer.content == b""
    assert not two.local.entries


def test_with_no_shared_cache_nothing_is_kept(client, world, monkeypatch, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    world.program.publish()
    url = program_url(world.program)
    one = Process(client, monkeypatch)
    one.get(url)
    assert "X-Portal-Cache" not in one.get(url)
    assert not one.local.entries


def test_the_oldest_pages_go_first_when_the_memory_is_full():
    pages = LocalPages(max_bytes=8 * 100)
    for number in range(10):
        pages.put(f"page{number}", ("1", "text/html", b"x" * 100, {}))
    assert pages.size == 800
    assert pages.get("page0") is None and pages.get("page1") is None
    assert pages.get("page2")[2] == b"x" * 100
    pages.put("page10", ("1", "text/html", b"x" * 100, {}))
    # page2 was just read: page3 is now the oldest.
    assert pages.get("page2") is not None and pages.get("page3") is None
    pages.put("huge", ("1", "text/html", b"x" * 101, {}))
    assert pages.get("huge") is None
