"""Any county-level or higher division of China can be registered from the shipped list
(projects/data/divisions.csv) by code or name, with its missing ancestors (issue 13, item 7)."""

import pytest
from django.core.management import CommandError

from projects import divisions
from projects.models import Jurisdiction
from tests.conftest import seed_path
from tests.importers.test_commands import run


def test_the_shipped_list_holds_every_province_and_county_with_its_parent():
    listed = divisions.by_code()
    assert 3000 < len(listed) < 3500
    assert all(d.parent in listed for d in listed.values() if d.parent)
    provinces = [d for d in listed.values() if not d.parent]
    assert len(provinces) == 34
    jiangmen = sorted(d.code for d in listed.values() if d.parent == "440700")
    assert jiangmen == ["440703", "440704", "440705", "440781", "440783", "440784", "440785"]
    assert listed["440104"].full_name == "广东省广州市越秀区"
    # A municipality's districts sit under it; a 省直辖 county under its province.
    assert listed["110105"].parent == "110000"
    assert listed["419001"].full_name == "河南省济源市"


@pytest.mark.django_db
def test_a_code_registers_the_division_and_its_missing_ancestors():
    jiangmen_path = Jurisdiction.objects.get(code="440700").path
    output = run("add_jurisdiction", "440104")
    assert "已登记行政区：440104 越秀区（广东省广州市越秀区）" in output
    assert "同时登记了上级：440000 广东省、440100 广州市" in output
    yuexiu = Jurisdiction.objects.get(code="440104")
    assert yuexiu.path == "440000/440100/440104/"
    assert yuexiu.parent.name == "广州市"
    # A jurisdiction already registered keeps its place in the tree.
    assert Jurisdiction.objects.get(code="440700").path == jiangmen_path
    # Then the file imports into it.
    assert "越秀区" in run("import_document", str(seed_path("004")), "--jurisdiction", "440104")


@pytest.mark.django_db
def test_a_name_registers_the_division_it_names_and_a_town_goes_under_it_by_hand():
    run("add_jurisdiction", "广州市天河区")
    tianhe = Jurisdiction.objects.get(name="天河区")
    assert (tianhe.code, tianhe.parent.code) == ("440106", "440100")
    run("add_jurisdiction", "440106001", "五山街道", "--parent", "440106")
    assert Jurisdiction.objects.get(code="440106001").path == "440000/440100/440106/440106001/"


@pytest.mark.django_db
def test_a_name_found_in_several_places_asks_for_the_code():
    with pytest.raises(CommandError) as failure:
        run("add_jurisdiction", "朝阳区")
    assert "110105 北京市朝阳区" in str(failure.value)
    assert "220104 吉林省长春市朝阳区" in str(failure.value)
    assert not Jurisdiction.objects.filter(name="朝阳区").exists()


@pytest.mark.django_db
def test_a_name_not_in_the_list_or_a_town_without_a_name_is_a_clear_error():
    with pytest.raises(CommandError, match="全国行政区划表中没有“火星区”"):
        run("add_jurisdiction", "火星区")
    with pytest.raises(CommandError, match="请写上名称"):
        run("add_jurisdiction", "440783100")


@pytest.mark.django_db
def test_an_import_into_an_unregistered_listed_code_names_the_division_and_the_command(tmp_path):
    with pytest.raises(CommandError) as failure:
        run("import_document", str(seed_path("004")), "--jurisdiction", "440106")
    assert "全国行政区划表中的“广东省广州市天河区”" in str(failure.value)
    assert "manage.py add_jurisdiction 440106" in str(failure.value)
