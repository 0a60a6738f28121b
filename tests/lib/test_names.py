import pytest

from minsheng.lib.names import clean_name, split_names, split_units, strip_phones, unit_key


def test_layout_spaces_inside_a_name_are_removed():
    assert clean_name("张  璐") == "张璐"
    assert clean_name("胡\u3000钛") == "胡钛"


def test_half_width_brackets_become_full_width():
    assert clean_name("各市(区)政府") == "各市（区）政府"


def test_variants_of_one_unit_share_a_key():
    assert unit_key("市医保局") == unit_key("市医疗保障局")
    assert unit_key("市城市管理和综合执法局") == unit_key("市城市管理综合执法局")
    assert unit_key("各市(区)政府") == unit_key("各市（区）政府")


def test_different_units_keep_different_keys():
    assert unit_key("市民政局") != unit_key("市财政局")
    assert unit_key("市人力资源社会保障局") != unit_key("市社保局")


def test_space_separated_persons_rejoin_split_two_character_names():
    assert split_names("张 璐 李文聪 陈新汉 各市（区）长") == [
        "张璐",
        "李文聪",
        "陈新汉",
        "各市（区）长",
    ]
    assert split_names("谭良伟 赖惠镇") == ["谭良伟", "赖惠镇"]


def test_names_one_per_line_with_blank_lines():
    assert split_names("市民政局\n\n市残联\n市财政局\n\n各市（区）政府") == [
        "市民政局",
        "市残联",
        "市财政局",
        "各市（区）政府",
    ]


@pytest.mark.parametrize(
    ("cell", "names", "lead"),
    [
        ("县住建局（牵头）、县公安局", ["县住建局", "县公安局"], "县住建局"),
        ("县公安局、县教育局(牵头)", ["县公安局", "县教育局"], "县教育局"),
        (
            "牵头：县医保局\n配合：县卫健局，县财政局",
            ["县医保局", "县卫健局", "县财政局"],
            "县医保局",
        ),
        ("牵头单位：A局；配合单位：B局、C局", ["A局", "B局", "C局"], "A局"),
        ("县人社局/县总工会", ["县人社局", "县总工会"], None),
        ("各县（市、区）政府", ["各县（市、区）政府"], None),
    ],
)
def test_a_unit_cell_gives_its_names_without_labels_and_the_lead_it_marks(cell, names, lead):
    assert split_units(cell) == (names, lead)


@pytest.mark.parametrize(
    ("cell", "names", "phones"),
    [
        ("孙八 13800138000", "孙八", ["13800138000"]),
        ("赵六（0750-3201234）\n钱七", "赵六\n钱七", ["0750-3201234"]),
        ("李四 电话：3201234", "李四", ["电话：3201234"]),
        ("市第12中学", "市第12中学", []),
        ("张三", "张三", []),
    ],
)
def test_telephone_numbers_are_taken_out_of_a_names_cell(cell, names, phones):
    text, found = strip_phones(cell)
    assert text.strip() == names and found == phones
