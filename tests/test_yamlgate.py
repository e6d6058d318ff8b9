"""The YAML gate keeps what staff typed, exactly, and rejects what it cannot keep."""
from decimal import Decimal

from schoolpub import yamlgate
from schoolpub.content.fees import FeeItem
from schoolpub.yamlgate import YamlError, parse


def test_yaml_1_1_surprises_stay_the_text_typed():
    document, errors = parse(
        b"country: NO\nagree: yes\nlight: on\ncode: 0123\nstart: 12:30\nprice: 1.50\n"
        b"phone: 13800138000\nday: 2024-09-01\nloose_day: 2024-9-1\nempty:\nquoted: ''\ntilde: ~\n"
    )
    assert errors == []
    assert document.data == {
        "country": "NO", "agree": "yes", "light": "on", "code": "0123", "start": "12:30", "price": "1.50",
        "phone": "13800138000", "day": "2024-09-01", "loose_day": "2024-9-1", "empty": None, "quoted": "",
        "tilde": None,
    }


def test_money_stays_exact_through_the_model():
    document, _ = parse("name: 住宿费\nkind: 住宿费\namount: 1200.50\nunit: 元/生·学期\nvoluntary: true\n".encode())
    item = FeeItem.model_validate(document.data)
    assert item.amount == Decimal("1200.50") and isinstance(item.amount, Decimal)
    assert str(item.amount) == "1200.50"


def test_positions_point_at_keys_and_values():
    document, _ = parse(b"title: a\nitems:\n  - name: x\n    amount: 3\n")
    assert document.key_at[("items", 0, "amount")] == (4, 5)
    assert document.value_at[("items", 0, "amount")] == (4, 13)
    # an absent key falls back to its nearest existing parent
    assert document.locate(("items", 0, "basis")) == (3, 5)
    assert document.locate(("nothing",)) == (1, 1)


def test_utf8_bom_is_accepted():
    document, errors = parse("\ufefftitle: 通知\n".encode())
    assert errors == [] and document.data == {"title": "通知"}


def test_gbk_file_is_named_as_such_with_its_line():
    raw = "title: ok\nbody: 开学通知\n".encode("gbk")
    assert parse(raw) == (None, [YamlError(2, 7, "文件不是 UTF-8 编码。它看起来是 GBK/GB18030 编码（Windows 记事本的“ANSI”）。"
                                                "请在编辑器里选择“以 UTF-8 编码保存”后重新提交。")])


def test_gbk_text_that_happens_to_be_valid_utf8_is_caught():
    raw = "title: ok\nbody: 通知\n".encode("gbk")
    assert raw.decode("utf-8") == "title: ok\nbody: \u0368\u05aa\n"  # valid UTF-8, wrong text
    assert parse(raw) == (None, [YamlError(2, 7, "文件看起来是 GBK/GB18030 编码（Windows 记事本的“ANSI”），不是 UTF-8。"
                                                "请在编辑器里选择“以 UTF-8 编码保存”后重新提交。")])


def test_latin_and_greek_text_in_utf8_is_not_mistaken_for_gbk():
    document, errors = parse("title: 科技节 π 与 café\n".encode())
    assert errors == [] and document.data == {"title": "科技节 π 与 café"}


def test_control_character_is_located():
    assert parse(b"title: a\nbody: b\x07c\n") == (None, [YamlError(
        2, 8, "文件里有不可见的控制字符（U+0007），通常是从别处复制粘贴带进来的。请删掉这个字符后重新输入。")])


def test_files_over_the_size_cap_are_refused_before_parsing():
    raw = b"body: |\n" + b"  x\n" * (yamlgate.MAX_FILE_BYTES // 4 + 1)
    assert parse(raw) == (None, [YamlError(1, 1, "文件太大（256 KB，上限 256 KB）。请把长文放进 PDF 附件，或拆成几条记录。")])
    assert parse(b"body: |\n" + b"  x\n" * 1000)[1] == []


def test_every_tab_line_is_reported():
    _, errors = parse(b"a:\n\tb: 1\n\tc: 2\n")
    assert [(e.line, e.column) for e in errors] == [(2, 1), (3, 1)]


def test_alias_bomb_is_refused_without_expanding():
    # 9 levels of 9 aliases: 387 M strings if expanded; refused from the event stream.
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    _, errors = parse("\n".join(lines).encode())
    assert len(errors) == 19  # 10 anchors + 9 distinct aliases, one message each
