"""Issue 12, item 7: the public report can be shared.

English pages under /en/ (Chinese URLs unchanged), the switcher leading to the same page in
the other language, page titles, meta descriptions and Open Graph tags, an item QR code drawn
on the server, 近期更新 with its Atom feed, sitemap.xml and robots.txt."""

import re
import xml.etree.ElementTree as ET

import pytest
import segno
import time_machine
from django.urls import reverse

from progress.models import ProgressRecord
from projects.choices import TaskStatus
from projects.models import Program
from tests.portal.test_portal_english import JULY
from tests.portal.test_portal_english import portal as portal  # noqa: F401 (a fixture)
from tests.portal.test_public_pages import file_march

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(autouse=True)
def july():
    with time_machine.travel(JULY, tick=False):
        yield


def test_the_english_program_page_lives_under_en_and_the_chinese_url_is_unchanged(client, portal):
    english = client.get("/en/440783/2024/")
    chinese = client.get("/440783/2024/")

    assert reverse("portal:program", args=["440783", 2024]) == "/440783/2024/"
    assert english.status_code == chinese.status_code == 200
    assert '<html lang="en">' in english.content.decode()
    assert "Kaiping Livelihood Projects 2024" in english.content.decode()
    assert '<html lang="zh-hans">' in chinese.content.decode()
    assert "2024年开平市十件民生实事项目" in chinese.content.decode()


def test_an_english_link_reads_english_for_a_visitor_who_never_chose_a_language(client, portal):
    page = client.get("/en/440783/2024/1/").content.decode()

    assert '<html lang="en">' in page
    assert 'href="/en/440783/2024/"' in page  # its links stay in English
    assert 'href="/en/updates/"' in page


def test_the_switcher_leads_to_the_same_page_in_the_other_language(client, portal):
    to_english = client.post(reverse("set_language"), {"language": "en", "next": "/440783/2024/1/"})
    to_chinese = client.post(
        reverse("set_language"), {"language": "zh-hans", "next": "/en/440783/2024/1/?x=1"}
    )

    assert to_english.status_code == to_chinese.status_code == 302
    assert to_english["Location"] == "/en/440783/2024/1/"
    assert to_chinese["Location"] == "/440783/2024/1/?x=1"


def test_the_workbench_keeps_its_url_and_follows_the_cookie(client, portal):
    client.force_login(portal.lead)
    client.post(reverse("set_language"), {"language": "en", "next": "/work/"})

    response = client.get("/work/")

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert client.get("/en/work/").status_code == 404


def test_public_pages_carry_a_title_a_description_and_open_graph_tags(client, portal):
    page = client.get("/en/440783/2024/1/").content.decode()
    chinese = client.get("/440783/2024/1/").content.decode()

    assert "<title>Item 1 · Kaiping Livelihood Projects 2024</title>" in page
    assert '<meta property="og:title" content="Item 1 · Kaiping Livelihood Projects 2024">' in page
    assert '<meta property="og:url" content="http://testserver/en/440783/2024/1/">' in page
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="og:locale" content="en_US">' in page
    description = re.search(r'<meta name="description" content="([^"]+)">', page).group(1)
    assert description.startswith("Kaiping Livelihood Projects 2024 Item 1 ")
    assert f'<meta property="og:description" content="{description}">' in page
    assert '<meta property="og:locale" content="zh_CN">' in chinese
    assert "<title>第1项 · 2024年开平市十件民生实事项目</title>" in chinese
    for url in ("/", "/440783/2024/", "/search/", "/updates/"):
        assert '<meta property="og:title"' in client.get(url).content.decode(), url


def test_the_item_qr_code_is_an_svg_of_the_item_pages_address(client, portal):
    response = client.get("/440783/2024/1/qr.svg")
    english = client.get("/en/440783/2024/1/qr.svg")
    page = client.get("/440783/2024/1/").content.decode()

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.find("{http://www.w3.org/2000/svg}title").text == "http://testserver/440783/2024/1/"
    path = re.compile(r' d="([^"]+)"')
    expected = segno.make("http://testserver/440783/2024/1/").svg_inline()
    assert path.search(svg).group(1) == path.search(expected).group(1)
    in_english = segno.make("http://testserver/en/440783/2024/1/").svg_inline()
    assert path.search(english.content.decode()).group(1) == path.search(in_english).group(1)
    assert '<img src="/440783/2024/1/qr.svg"' in page
    assert "扫码查看本项目" in page


def test_an_unpublished_programs_item_has_no_qr_code(client, world):
    assert client.get("/440783/2024/1/qr.svg").status_code == 404


def test_the_updates_page_lists_approved_progress_and_completed_items(client, portal):
    ProgressRecord.objects.create(
        task=portal.task_b, as_of="2024-06-30", status=TaskStatus.COMPLETED,
        narrative="三所幼儿园已建成。",
    )
    page = client.get("/updates/").content.decode()
    english = client.get("/en/updates/").content.decode()

    assert "<h1>近期更新</h1>" in page
    assert page.index("三所幼儿园已建成。") < page.index("三月：方案已出台")  # newest first
    assert '<time datetime="2024-06-30">2024年6月30日</time>' in page
    assert "项目已完成" in page and "新批准的进展" in page
    assert 'type="application/atom+xml" href="/updates/feed/"' in page
    assert "<h1>Recent updates</h1>" in english
    assert "Item completed" in english and "Newly approved progress" in english


def test_progress_waiting_for_review_and_unpublished_programs_stay_off_the_updates(client, world):
    file_march(world, approve=False)  # submitted, not approved; the program is unpublished

    page = client.get("/updates/").content.decode()

    assert "三月：方案已出台" not in page
    assert "暂无更新。" in page


def test_the_feed_is_atom_with_each_approved_progress_dated(client, portal):
    response = client.get("/updates/feed/")

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}title").text == "江门市民生实事 · 近期更新"
    entries = feed.findall(f"{ATOM}entry")
    record = ProgressRecord.objects.get(task=portal.task_a)
    assert len(entries) == 1
    entry = entries[0]
    assert entry.find(f"{ATOM}title").text.startswith("新批准的进展 · 2024年开平市十件民生实事项目 第1项")
    assert entry.find(f"{ATOM}link").get("href") == "http://testserver/440783/2024/1/"
    assert entry.find(f"{ATOM}updated").text == f"{record.as_of.isoformat()}T12:00:00+08:00"
    assert entry.find(f"{ATOM}summary").text == record.narrative
    english = ET.fromstring(client.get("/en/updates/feed/").content)
    assert english.find(f"{ATOM}entry/{ATOM}link").get("href") == (
        "http://testserver/en/440783/2024/1/"
    )


def test_the_sitemap_lists_only_published_things_in_both_languages(client, portal):
    Program.objects.create(jurisdiction=portal.jiangmen, year=2021, title="未公开的计划")

    root = ET.fromstring(client.get("/sitemap.xml").content)
    locations = {loc.text for loc in root.iter(f"{SITEMAP}loc")}

    assert {
        "http://testserver/",
        "http://testserver/en/",
        "http://testserver/updates/",
        "http://testserver/440783/2024/",
        "http://testserver/en/440783/2024/",
        "http://testserver/440783/2024/1/",
        "http://testserver/en/440783/2024/2/",
    } <= locations
    assert not any("/440700/2021/" in loc for loc in locations)
    assert not any(part in loc for loc in locations for part in ("/work/", "/admin/", "/api/"))


def test_the_sitemap_lists_no_program_that_is_not_published(client, world):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    locations = {loc.text for loc in root.iter(f"{SITEMAP}loc")}

    assert not any("/440783/2024/" in loc for loc in locations)


def test_robots_txt_allows_the_public_pages_and_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "User-agent: *\n"
        "Allow: /\n"
        "Disallow: /admin/\n"
        "Disallow: /work/\n"
        "Disallow: /office/\n"
        "Disallow: /imports/\n"
        "Disallow: /accounts/\n"
        "Sitemap: http://testserver/sitemap.xml\n"
    )


def test_the_search_status_is_the_one_the_public_is_told(client, portal):
    # Item 2 has no statement: 暂无进展数据, whatever Task.status holds.
    portal.task_b.status = TaskStatus.BEHIND
    portal.task_b.save()

    no_data = client.get("/search/", {"status": "no_data"}).content.decode()
    behind = client.get("/search/", {"status": TaskStatus.BEHIND}).content.decode()
    everything = client.get("/search/", {"q": "幼儿园"}).content.decode()

    assert '<option value="no_data" selected>暂无进展数据</option>' in no_data
    assert "新建幼儿园3所" in no_data and "新增就业6000人" not in no_data
    assert "新建幼儿园3所" not in behind
    assert '<span class="status status--no_data">暂无进展数据</span>' in everything


def test_english_category_names_are_numbered_in_figures(client, portal):
    page = client.get("/en/440783/2024/1/").content.decode()

    assert "1. 提升就业保障水平" in page
    assert "一、" not in page
