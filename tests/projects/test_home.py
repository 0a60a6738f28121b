"""The public home page: each jurisdiction's programs and how far they have come."""

import datetime

import pytest
from django.urls import reverse

from progress.choices import ProgressSource
from progress.models import ProgressRecord
from projects.choices import TaskStatus
from projects.models import Category, Jurisdiction, Program, Task


def make_program(code, year, tasks, completed):
    program = Program.objects.create(
        jurisdiction=Jurisdiction.objects.get(code=code),
        year=year,
        title=f"{year}年民生实事",
        is_published=True,
    )
    category = Category.objects.create(program=program, number=1, name="保障底线民生")
    for number in range(1, tasks + 1):
        task = Task.objects.create(
            program=program,
            category=category,
            number=str(number),
            content=f"第{number}项",
            status=TaskStatus.COMPLETED if number <= completed else TaskStatus.NOT_STARTED,
        )
        if number <= completed:  # the completion table states it, as an import would
            ProgressRecord.objects.create(
                task=task, source=ProgressSource.IMPORT, as_of=datetime.date(year, 12, 31),
                status=TaskStatus.COMPLETED, narrative="已完成。",
            )
    return program


@pytest.mark.django_db
def test_home_lists_programs_by_jurisdiction_with_their_completion_rate(client):
    make_program("440783", 2024, tasks=4, completed=1)
    make_program("440700", 2021, tasks=5, completed=5)
    make_program("440700", 2019, tasks=3, completed=0)

    page = client.get(reverse("projects:home")).content.decode()

    assert "完成情况</span>" in page
    assert "共4项 · 已完成1项，占计划4项的25%" in page
    assert "共5项 · 已完成5项，占计划5项的100%" in page
    # A plan nobody has reported on is not a year of failure.
    assert "年度计划</span>" in page
    assert "共3项 · 暂无进展数据" in page
    assert "（0%）" not in page
    # 江门市 (440700) first, its years newest first, then 开平市.
    headings = ("<h2>江门市</h2>", "2021年民生实事", "2019年民生实事", "<h2>开平市</h2>")
    positions = [page.index(text) for text in headings]
    assert positions == sorted(positions)
    assert page.count("<h2>江门市</h2>") == 1
    assert "暂无民生实事。" not in page


@pytest.mark.django_db
def test_home_shows_an_empty_state_without_programs(client):
    page = client.get(reverse("projects:home")).content.decode()
    assert "暂无民生实事。" in page


@pytest.mark.django_db
def test_home_reads_all_programs_in_three_queries(client, django_assert_num_queries):
    for code, year in [("440700", 2019), ("440700", 2021), ("440704", 2017), ("440783", 2024)]:
        make_program(code, year, tasks=3, completed=1)

    # Tasks read past their state_valid_until (none here), the programs, then every
    # published item's number, status and latest statement date.
    with django_assert_num_queries(3):
        response = client.get(reverse("projects:home"))
    assert response.content.decode().count('class="program"') == 4


@pytest.mark.django_db
def test_home_links_staff_to_the_admin(admin_client, client):
    admin_link = f'href="{reverse("admin:index")}"'
    assert admin_link in admin_client.get(reverse("projects:home")).content.decode()
    assert admin_link not in client.get(reverse("projects:home")).content.decode()


@pytest.mark.django_db
def test_home_is_a_chinese_page_for_phones_with_a_language_switcher(client):
    page = client.get(reverse("projects:home")).content.decode()
    assert '<html lang="zh-hans">' in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "/static/css/site.css" in page
    assert f'action="{reverse("set_language")}"' in page
    assert "简体中文" in page and "English" in page


@pytest.mark.django_db
def test_switching_to_english_is_remembered(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/"
    home = client.get(reverse("projects:home"), follow=True)
    assert home.redirect_chain == [("/en/", 302)]
    assert '<html lang="en">' in home.content.decode()
