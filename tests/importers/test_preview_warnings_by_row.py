"""The preview shows each warning on the rows it concerns, in Chinese and in English alike
(issue 13): the reader hands the rows and items over as data, the view never reads the
words of a translated message."""

import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import session_queries
from tests.importers.builders import WordTable, build_docx


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def plan() -> bytes:
    return build_docx(
        "2025年江门市民生实事",
        WordTable(
            rows=[
                ["序号", "工作任务", "责任单位", "完成时限"],
                ["1", "新建城东小学1所。", "市教育局", "8月底前"],
                ["2", "建设老年养护楼。", "市民政局", "12月底前"],
                # no number, a date of its own: a milestone of item 2, named by number only
                ["", "开工建设老年大学。", "", "9月底前"],
                ["3", "新建口袋公园5个。", "市住建局", "12月底前"],
                # a project row whose ①② rows are its sub-items: it becomes their title
                ["4", "改造老旧小区", "市住建局", "12月底前"],
                ["①", "改造小区管网。", "", ""],
                ["②", "加装电梯20台。", "", ""],
            ]
        ),
    )


# The preview's queries: the user, the jurisdiction and its units and aliases for the dry
# run (rolled back), the unit choices; with database sessions also the session read and
# saved (in a savepoint), none with Redis sessions. Attaching warnings to rows adds none.
# (The first request of a test process also fills process-wide caches: one goes first.)
def preview_queries() -> int:
    return 22 + 4 * session_queries()


def preview(client):
    response = client.post(
        reverse("importers:upload"),
        {"file": SimpleUploadedFile("计划.docx", plan()), "jurisdiction": "440700"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(response["Location"])
    assert response.status_code == 200
    return response, len(queries)


def flagged(response) -> dict[str, list[str]]:
    return {r["task"].number: r["warnings"] for r in response.context["rows"] if r["warnings"]}


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["cookie", "setting"])
def test_warnings_sit_on_the_rows_they_name_in_english_as_in_chinese(admin_client, how):
    preview(admin_client)
    chinese, chinese_queries = preview(admin_client)
    in_chinese = flagged(chinese)
    assert sorted(in_chinese) == ["2", "4(1)", "4(2)"]
    assert any("作为第2项的节点导入" in w for w in in_chinese["2"])
    assert any("作为各分项的事项名称" in w for w in in_chinese["4(1)"])

    if how == "cookie":
        admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        english, english_queries = preview(admin_client)
    else:
        settings.LANGUAGE_CODE = "en"
        try:
            english, english_queries = preview(admin_client)
        finally:
            settings.LANGUAGE_CODE = "zh-hans"
    assert chinese_queries == english_queries == preview_queries()
    in_english = flagged(english)
    assert sorted(in_english) == sorted(in_chinese)
    assert {n: len(w) for n, w in in_english.items()} == {n: len(w) for n, w in in_chinese.items()}
    assert any("is imported as a milestone of item 2" in w for w in in_english["2"])
    assert any("has sub-items" in w for w in in_english["4(2)"])
    body = english.content.decode()
    assert 'id="task-2" class="has-warning"' in body
    row = re.search(r'<tr id="task-2".*?</tr>', body, re.S).group(0)
    assert "is imported as a milestone of item 2" in row
    assert 'id="task-1" class="has-warning"' not in body
