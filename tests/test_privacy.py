"""Privacy guard: ID and mobile numbers, scores and rankings, name masking, the output gate."""
from pathlib import Path

import pytest

from conftest import REPO, problems_of, write
from test_build import build, site_project

from schoolpub.privacy import find_leaks, valid_id_18
from schoolpub.site_scan import scan_site
from schoolpub.names import masked, normalised_name

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def with_check_character(first17: str) -> str:
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def kinds(text: str, **options) -> list[tuple[str, str]]:
    return [(leak.kind, text[leak.start:leak.start + leak.length]) for leak in find_leaks(text, **options)]


VALID_IDS = ["11010519491231002X", with_check_character("32010220140915002"),
             with_check_character("44030520150612004"), with_check_character("65010220100101123"),
             with_check_character("81000019991231001")]


@pytest.mark.parametrize("number", VALID_IDS)
def test_valid_ids_are_caught_in_any_form(number):
    assert valid_id_18(number)
    assert kinds(f"身份证号：{number}。") == [("id", number)]
    assert kinds(f"身份证号：{number.lower()}") == [("id", number.lower())]
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in number)  # typed with a Chinese input method
    assert kinds(f"号码{full_width}") == [("id", full_width)]


@pytest.mark.parametrize("number, why", [
    (VALID_IDS[1][:-1] + str((int(VALID_IDS[1][-1]) + 1) % 10), "wrong check character"),
    ("110105201502301234", "30 February"),
    ("990105201503011235", "no such province"),
    ("123456789012345678", "an order number"),
    (with_check_character("11010530150301123"), "born in 3015"),
])
def test_ordinary_18_digit_numbers_are_not_flagged(number, why):
    assert kinds(f"编号 {number}") == [], why


def test_legacy_15_digit_ids():
    assert kinds("旧身份证 110105491231002") == [("id", "110105491231002")]
    assert kinds("单号 110105491331002") == []  # month 13: not a birth date


def grouped(number: str, sizes: tuple[int, ...], separator: str = " ") -> str:
    assert sum(sizes) == len(number)
    ends = [sum(sizes[:n]) for n in range(len(sizes) + 1)]
    return separator.join(number[start:end] for start, end in zip(ends, ends[1:]))


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() or c in "Xx" else c for c in text)


ID = VALID_IDS[1]  # 320102201409150025
ID_X = VALID_IDS[0]  # 11010519491231002X


@pytest.mark.parametrize("written", [
    grouped(ID, (6, 4, 4, 4)), grouped(ID, (6, 8, 4)), grouped(ID, (6, 8, 4), "-"), grouped(ID, (6, 4, 4, 4), "-"),
    grouped(ID, (6, 4, 2, 2, 4), "-"), grouped(ID, (3, 3, 4, 4, 4)), grouped(ID, (3, 3, 8, 4), "-"),
    grouped(ID, (4, 4, 4, 4, 2)),
    grouped(ID, (6, 12)), grouped(ID, (14, 4)), grouped(ID_X, (6, 4, 4, 4)), grouped(ID_X.lower(), (6, 8, 4), "-"),
    grouped(ID_X, (4, 4, 4, 4, 2)), full_width(grouped(ID, (6, 4, 4, 4), "\u3000")),
    full_width(grouped(ID_X, (6, 8, 4), "\uff0d")), full_width(grouped(ID, (6, 8, 4))),
    "320102-2014\u00a00915\u20130025", "320102\u30002014-0915 0025",  # mixed separators
])
def test_ids_written_in_groups_are_caught(written):
    assert kinds(f"身份证号：{written}。") == [("id", written)]
    assert kinds(written) == [("id", written)]


@pytest.mark.parametrize("separator", ["\u00a0", "\u3000", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014",
                                       "\u2015", "\u2212", "\ufe63", "\uff0d", "\u2009", "\u202f"])
def test_any_space_or_hyphen_separates_groups(separator):
    written = grouped(ID, (6, 8, 4), separator)
    assert kinds(f"号码 {written}") == [("id", written)]


def test_a_mobile_number_inside_a_grouped_id_is_the_id():
    number = with_check_character("33918319970302181")  # 183 1997 0302 alone would be a mobile number
    assert kinds(grouped(number, (3, 3, 4, 4, 4))) == [("id", grouped(number, (3, 3, 4, 4, 4)))]
    assert kinds(f"{grouped(number, (6, 8, 4), '-')} 139 0000 1111") == [
        ("id", grouped(number, (6, 8, 4), "-")), ("mobile", "139 0000 1111")]


def test_a_grouped_leak_spans_the_number_from_its_first_to_its_last_character():
    text = f"王小明 身份证 {grouped(ID_X, (6, 4, 4, 4))}，联系人"
    assert [(leak.kind, leak.start, leak.length) for leak in find_leaks(text)] == [("id", 8, 21)]
    text = f"１. {full_width(grouped(ID, (6, 8, 4), '　'))}"
    assert [(leak.kind, leak.start, leak.length) for leak in find_leaks(text)] == [("id", 3, 20)]


@pytest.mark.parametrize("text, found", [
    (f"1. {grouped(ID_X, (6, 4, 4, 4))}", grouped(ID_X, (6, 4, 4, 4))),
    (f"1 {grouped(ID, (6, 4, 4, 4))}", grouped(ID, (6, 4, 4, 4))),  # a list number one space before it
    (f"2 {grouped(ID, (6, 8, 4))} 3", grouped(ID, (6, 8, 4))),
    (f"{grouped(ID, (6, 8, 4))} {grouped(ID_X, (6, 8, 4), '-')}", None),
])
def test_grouped_ids_among_other_numbers(text, found):
    if found is None:  # two IDs in one run of groups
        assert kinds(text) == [("id", grouped(ID, (6, 8, 4))), ("id", grouped(ID_X, (6, 8, 4), "-"))]
    else:
        assert kinds(text) == [("id", found)]


@pytest.mark.parametrize("text, why", [
    ("开学日期 2015-03-07，报到 2015-03-08", "dates"),
    ("放假安排：2025 年 9 月 1 日、2025 年 10 月 1 日至 2025 年 10 月 8 日", "dates in words"),
    ("2019-11-04 2019-11-11 2019-11-18 2019-11-25", "weekly dates"),  # 11 04 2019 11 11 2019 11 would pass
    ("各班餐费 340 300 280 450 320 310 290 300 元", "amounts"),
    ("收费标准 1200 1350 1500 1650 1800 1950 元", "amounts"),
    ("依据《教基〔2015〕3号》和 教基〔2019〕11号 文件", "document numbers"),
    ("订单号 2025 0913 0000 1234 56", "an order number in fours"),
    ("订单号 20250913-000012-345678", "an order number with hyphens"),
    ("电话 0571-8800 1234 0571-8800 1235", "landlines"),
    ("邮编 310006 0571-8800-1234", "a postcode and a landline"),
    ("年份 2015 2016 2017 2018 2019 2020", "years"),
    ("2014-2015 2015-2016 2016-2017 学年", "school years"),
    ("第 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 周", "week numbers"),
    (grouped(ID[:-1] + str((int(ID[-1]) + 1) % 10), (6, 4, 4, 4)), "wrong check character"),
    (grouped(with_check_character("32010220140230002"), (6, 8, 4)), "30 February"),
    (grouped(with_check_character("99010220140915002"), (6, 8, 4)), "no such province"),
    (grouped(ID, (5, 5, 4, 4)), "split where nobody splits an ID"),
    (grouped(ID, (2, 4, 4, 4, 4)), "split where nobody splits an ID"),
    (grouped(ID, (3, 15)), "split where nobody splits an ID"),
    (grouped(ID, (10, 8)), "split where nobody splits an ID"),
    (grouped(ID, (6, 6, 6)), "three amounts of six digits"),
    (grouped(ID, (6, 8, 4), "--"), "two separators"),
    (grouped(ID, (6, 8, 4), "."), "dots"),
    ("A" + grouped(ID, (6, 8, 4)), "glued to a letter: a code"),
    (grouped(ID, (6, 8, 4)) + "b", "glued to a letter: a code"),
])
def test_ordinary_numbers_in_groups_are_not_flagged(text, why):
    assert kinds(text) == [], why


def test_legacy_15_digit_ids_in_groups():
    assert kinds("旧身份证 110105 491231 002") == [("id", "110105 491231 002")]
    assert kinds("旧身份证 110105-491231-002。") == [("id", "110105-491231-002")]
    for other in ("1101 0549 1231 002", "110105 4912 31002", "110 105 491 231 002", "110105491 231002",
                  "110105 491331 002"):  # other groupings; month 13
        assert kinds(other) == [], other


@pytest.mark.parametrize("line", [
    "1 " * 5000, "8" * 10000, "1-" * 5000, "１　" * 5000, "12 " * 3333, "2019-11-04 " * 900, "1" * 9999 + " 2",
])
def test_a_long_line_of_digits_scans_and_finds_nothing(line):
    assert kinds(line) == []


def test_a_grouped_id_at_the_end_of_a_long_run_of_groups():
    written = grouped(ID, (6, 4, 4, 4))
    text = "1 " * 5000 + written
    assert [(leak.kind, leak.start, leak.length) for leak in find_leaks(text)] == [("id", 10000, len(written))]


@pytest.mark.parametrize("text, found", [
    ("13800138000", "13800138000"), ("138 0013 8000", "138 0013 8000"), ("138-0013-8000", "138-0013-8000"),
    ("+86 139 0000 1111", "+86 139 0000 1111"), ("８６１３８００１３８０００", None), ("电话：19912345678。", "19912345678"),
])
def test_mobile_numbers(text, found):
    if found is None:  # 86 glued to the number in full-width digits: still a mobile
        assert [k for k, _ in kinds(text)] == ["mobile"]
    else:
        assert kinds(text) == [("mobile", found)]


@pytest.mark.parametrize("text", ["0571-88001234", "12315", "0000-6600 1234", "138001380001", "12800138000", "编号2025091300001"])
def test_landlines_hotlines_and_longer_numbers_are_not_mobiles(text):
    assert kinds(text) == []


def test_declared_public_phones_are_allowed():
    assert kinds("总务处手机 138-0013-8000", public_phones=["13800138000"]) == []
    assert kinds("班主任 139 0000 1111", public_phones=["13800138000"]) == [("mobile", "139 0000 1111")]


@pytest.mark.parametrize("text, flagged", [
    ("期末考试数学 98 分", True), ("语文95.5分", True), ("年级第1名", True), ("全校排名第三", True),
    ("总分", True), ("跳绳比赛第1名", False), ("课间休息15分钟", False), ("一等奖", False), ("优秀少先队员", False),
])
def test_scores_and_rankings(text, flagged):
    assert bool(kinds(text, scores=True)) is flagged
    assert kinds(text) == []  # only looked for where pupils are named


@pytest.mark.parametrize("name, shown", [
    ("王小琪", "王*琪"), ("王琪", "王*"), ("欧阳娜娜", "欧阳**"), ("欧阳娜", "欧阳*"), ("司马光", "司马*"),
    ("上官婉清", "上官**"), ("诸葛亮", "诸葛*"), ("林陈子涵", "林***"), ("迪丽娜尔·艾力", "迪***·**"),
    ("阿依古丽·买买提", "阿***·***"), ("李", "*"), ("张三丰", "张*丰"), ("欧阳", "欧*"), (" 赵一 ", "赵*"),
])
def test_masking_table(name, shown):
    assert masked(name) == shown


@pytest.mark.parametrize("name, shown", [
    ("王　琪", "王*"), ("王 琪", "王*"), ("王\u00a0琪", "王*"), ("王\u3000\u3000琪", "王*"), ("王　小　琪", "王*琪"),
    ("欧阳　娜娜", "欧阳**"), ("欧阳 娜娜", "欧阳**"), ("迪丽娜尔•艾力", "迪***·**"), ("迪丽娜尔・艾力", "迪***·**"),
    ("迪丽娜尔‧艾力", "迪***·**"), ("迪丽娜尔．艾力", "迪***·**"), ("迪丽娜尔.艾力", "迪***·**"),
    ("迪丽娜尔 · 艾力", "迪***·**"), ("王\u200b小琪", "王*琪"), ("王\u200d琪", "王*"), ("\ufeff王琪", "王*"),
    ("欧\u200b阳娜娜", "欧阳**"),
])
def test_padding_and_dot_variants_are_masked_as_the_plain_name(name, shown):
    """王　琪 was masked 王*琪 (its given name published) while 王琪 is 王*."""
    assert masked(name) == shown


@pytest.mark.parametrize("name, normal", [
    ("王　琪", "王琪"), ("欧阳 娜娜", "欧阳娜娜"), ("迪丽娜尔 • 艾力", "迪丽娜尔·艾力"), ("王\u200b琪", "王琪"),
    ("Anna  Müller", "Anna Müller"), ("J. Smith", "J. Smith"), (" 赵一 ", "赵一"), ("三年级 （2）班", "三年级（2）班"),
])
def test_names_are_normalised_before_masking_and_comparing(name, normal):
    assert normalised_name(name) == normal


def test_messages_never_repeat_the_number(project: Path):
    number = VALID_IDS[1]
    path = project / "data/affairs/sample.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("正文写在这里", f"身份证 {number} 手机 13900001111"),
                    encoding="utf-8")
    report = "\n".join(problems_of(project))
    assert "这里有一个身份证号码" in report and "这里有一个手机号码" in report
    assert number not in report and number[6:14] not in report and "13900001111" not in report


def test_output_scan_finds_what_only_the_output_has(tmp_path: Path):
    write(tmp_path, "a/index.html", f"<p>身份证 {VALID_IDS[0]}</p>\n<p>&#49;3800138000</p>")
    write(tmp_path, "search/search_index.json", '{"docs": [{"text": "13800138000"}]}')
    write(tmp_path, "assets/javascripts/x.js", "var a = 13800138000;")  # Material's code: not data
    assert [leak.human() for leak in scan_site(tmp_path, [])] == [
        "site/a/index.html:1:8: 错误：" + find_leaks(VALID_IDS[0])[0].message(),
        "site/a/index.html:2:4: 错误：" + find_leaks("13800138000")[0].message(),
        "site/search/search_index.json:1:21: 错误：" + find_leaks("13800138000")[0].message(),
    ]


def test_output_scan_finds_grouped_ids(tmp_path: Path):
    write(tmp_path, "a/index.html", f"<p>身份证 {grouped(ID, (6, 4, 4, 4))}</p>\n"
                                    f"<td>{grouped(ID_X, (6, 8, 4), '&nbsp;')}</td>\n"
                                    f"<p>{grouped(ID, (6, 8, 4), '&#8211;')}</p>\n"
                                    "<p>2019-11-04 2019-11-11 2019-11-18</p>")
    message = find_leaks(ID)[0].message()
    assert [leak.human() for leak in scan_site(tmp_path, [])] == [
        f"site/a/index.html:1:8: 错误：{message}", f"site/a/index.html:2:5: 错误：{message}",
        f"site/a/index.html:3:4: 错误：{message}",
    ]


def test_a_leak_planted_outside_data_fails_the_build_and_publishes_nothing(tmp_path: Path):
    project = site_project(tmp_path, REPO / "data")  # the demo school: its output is clean until the plant
    write(project, "docs/about.md", "{{ about() }}\n\n联系人手机：13900001111\n")
    result = build(project, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    mobile = "错误：这里有一个手机号码。个人手机号不能发布到网站上：请删除它。学校对外公开的电话请写进 data/school.yml 的 phones，写在那里的号码才允许出现。"
    assert result.stderr.splitlines()[-4:] == [  # `schoolpub scan` on the engine's output, the search index too
        f"site/about/index.html:576:10: {mobile}", f"site/search/search_index.json:1:14195: {mobile}",
        "网站检查没有通过：个人信息 2 处（共检查 89 个页面），网站不会发布。请按上面的提示修改后重新生成。",
        "网站生成失败（见上面的错误），已发布的 site/ 保持不变。"]
    assert "13900001111" not in output
    assert not (tmp_path / "out").exists()
