"""English through Django's i18n: the language switcher, lazy model texts and the catalog."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from projects.choices import TaskStatus
from projects.models import Program, Task

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LC_MESSAGES / "django.po"
MO_FILE = LC_MESSAGES / "django.mo"

PLACEHOLDER_RE = re.compile(r"%\([a-z_]+\)[sd]|%%|\{[a-z_]*\}")


def parse_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgid, msgid_plural, msgstr/msgstr[n] (continuation lines
    joined) and flags. Obsolete (#~) entries are left out."""
    entries, entry, key = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if not line:
            if entry is not None and "msgid" in entry:
                entries.append(entry)
            entry, key = None, None
            continue
        if line.startswith("#~"):
            continue
        entry = entry if entry is not None else {"flags": set()}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
    return entries


def translations(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


@pytest.fixture
def english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client


@pytest.mark.django_db
def test_home_is_chinese_by_default(client, plan):
    page = client.get("/").content.decode()

    assert '<html lang="zh-hans">' in page
    assert "民生实事年度计划" in page
    assert "共2项 · 已完成1项，占计划2项的50%" in page
    assert "Annual livelihood project programmes" not in page


@pytest.mark.django_db
def test_home_switches_to_english(english, plan):
    page = english.get("/", follow=True).content.decode()

    assert '<html lang="en">' in page
    assert "<h1>Annual livelihood project programmes</h1>" in page
    assert "Jiangmen Livelihood Projects" in page
    assert "2 items · 1 of 2 planned items completed (50%)" in page
    assert "民生实事年度计划" not in page
    assert "江门市民生实事" not in page
    assert "已完成 1 / 2 项" not in page
    # The programme is named in English from its place and year (issue 12).
    assert "Jiangmen Livelihood Projects 2024" in page
    assert plan.program.title not in page


@pytest.mark.django_db
def test_empty_home_in_english(english):
    page = english.get("/", follow=True).content.decode()

    assert "No livelihood projects yet." in page
    assert "暂无民生实事。" not in page


def test_model_and_choice_texts_follow_the_active_language():
    with translation.override("en"):
        assert str(Task._meta.verbose_name) == "livelihood project"
        assert str(Program._meta.verbose_name) == "Annual livelihood project programmes"
        assert str(Task._meta.get_field("number").verbose_name) == "No."
        assert TaskStatus.COMPLETED.label == "Completed"
        assert TaskStatus.IN_PROGRESS.label == "In progress"
        assert TaskStatus.NOT_STARTED.label == "Not started"
        assert TaskStatus.BEHIND.label == "Behind"
    with translation.override("zh-hans"):
        assert str(Task._meta.verbose_name) == "民生实事项目"
        assert TaskStatus.COMPLETED.label == "已完成"


def test_po_file_has_no_empty_msgstr():
    """The check by lines: an empty `msgstr ""` (or `msgstr[n] ""`) is only allowed when
    continuation lines follow it, as in the header."""
    lines = PO_FILE.read_text(encoding="utf-8").splitlines() + [""]
    untranslated = [
        f"line {number}: {lines[number - 2]}"
        for number, line in enumerate(lines[:-1], 1)
        if re.fullmatch(r'msgstr(\[\d+\])? ""', line) and not lines[number].startswith('"')
    ]
    assert untranslated == []


def test_every_entry_is_translated_and_keeps_its_placeholders():
    entries = parse_po(PO_FILE)
    messages = [entry for entry in entries if entry["msgid"]]
    assert len(messages) > 150

    for entry in entries:
        assert "fuzzy" not in entry["flags"], entry["msgid"]
    for entry in messages:
        for value in translations(entry):
            assert value.strip(), f"untranslated: {entry['msgid']}"
            assert sorted(PLACEHOLDER_RE.findall(value)) == sorted(
                PLACEHOLDER_RE.findall(entry["msgid"])
            ), f"placeholders differ: {entry['msgid']} → {value}"


def test_compiled_catalog_matches_the_po_file():
    """django.mo is committed; it must hold every translation of django.po."""
    with MO_FILE.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    for entry in parse_po(PO_FILE):
        if not entry["msgid"]:
            continue
        if "msgid_plural" in entry:
            assert catalog.ngettext(entry["msgid"], entry["msgid_plural"], 1) == entry["msgstr[0]"]
            assert catalog.ngettext(entry["msgid"], entry["msgid_plural"], 2) == entry["msgstr[1]"]
        elif "msgctxt" in entry:
            translated = catalog.pgettext(entry["msgctxt"], entry["msgid"])
            assert translated == entry["msgstr"], entry["msgid"]
        else:
            assert catalog.gettext(entry["msgid"]) == entry["msgstr"], entry["msgid"]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_task_state_labels_read_as_their_choices_in_each_language(language):
    """Rows of items show 状态 and 预警灯 by Task's own one-lookup displays: the same words
    as the choices, in the reader's language, and an unknown value as itself."""
    from projects.choices import Light

    with translation.override(language):
        for status in TaskStatus:
            assert Task(status=status).get_status_display() == str(status.label)
        for light in Light:
            assert Task(light=light).get_light_display() == str(light.label)
        assert Task(status="archived").get_status_display() == "archived"
    with translation.override("en"):
        assert Task(status=TaskStatus.COMPLETED).get_status_display() == "Completed"
