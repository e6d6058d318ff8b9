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


def _hidden(code: str, name: str) -> str:
    return (f"这里有一个看不见的字符 {code}（{name}）。它通常是从网页、微信或 Word 复制时带进来的，"
            "会让显示的内容和实际内容不一致。请删掉它：把这段文字重新输入一遍。")


def test_control_character_is_located():
    assert parse(b"title: a\nbody: b\x07c\n") == (None, [YamlError(2, 8, _hidden("U+0007", "控制字符"))])


def test_bidi_controls_and_invisible_characters_are_refused_where_they_stand():
    text = "title: 住宿费\u202e元0021\u202c\nbody: |\n  第一行\n  电话\u200b号码\u2066x\u2069\n  \u2028\n"
    assert parse(text.encode()) == (None, [
        YamlError(1, 11, _hidden("U+202E", "双向文字控制符，会让文字显示的顺序和实际内容不一样，RIGHT-TO-LEFT OVERRIDE")),
        YamlError(4, 5, _hidden("U+200B", "零宽空格，ZERO WIDTH SPACE")),  # one per line
        YamlError(5, 3, _hidden("U+2028", "行分隔符，LINE SEPARATOR")),
    ])


def test_escapes_that_make_hidden_characters_are_refused_at_the_value():
    assert parse(b'title: ok\nbody: "a\\u202Db"\n') == (None, [
        YamlError(2, 7, _hidden("U+202D", "双向文字控制符，会让文字显示的顺序和实际内容不一样，LEFT-TO-RIGHT OVERRIDE"))])
    assert parse(b'title: "\\ud83d\\ude00"\n') == (None, [YamlError(
        1, 8, "这里有一个不成对的代理字符（U+D83D），它无法保存为 UTF-8，网页和订阅都写不出来。"
              "通常是用 \\u 转义写了半个表情符号：请直接输入这个字符本身，不要用转义。")])
    assert parse(b'"\\u200btitle": ok\n') == (None, [YamlError(1, 1, _hidden("U+200B", "零宽空格，ZERO WIDTH SPACE"))])
    assert parse(b'body: "\\0"\n')[1][0].message == _hidden("U+0000", "控制字符")


def test_emoji_joined_by_zero_width_joiner_is_text_and_a_lone_joiner_is_not():
    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467"
    document, errors = parse(f"title: 亲子运动会 {family}\n".encode())
    assert errors == [] and document.data == {"title": f"亲子运动会 {family}"}
    assert parse("title: 亲子\u200d运动会\n".encode())[1] == [YamlError(1, 10, _hidden("U+200D", "零宽连字，ZERO WIDTH JOINER"))]


def test_a_pasted_zero_width_space_in_ascii_text_is_not_called_gbk():
    assert parse("title: Open\u200bDay\n".encode())[1] == [YamlError(1, 12, _hidden("U+200B", "零宽空格，ZERO WIDTH SPACE"))]


def test_nesting_depth_is_limited_with_the_line():
    ok = "a: " + "[" * (yamlgate.MAX_DEPTH - 2) + "x" + "]" * (yamlgate.MAX_DEPTH - 2) + "\n"  # the file itself is a level
    assert parse(ok.encode())[1] == []
    deep = "title: x\nb: " + "[" * 3000 + "\n"
    assert parse(deep.encode()) == (None, [YamlError(2, 4 + yamlgate.MAX_DEPTH - 1, yamlgate.TOO_DEEP)])


def test_list_length_and_line_length_are_limited():
    at_limit = "a:\n" + "  - x\n" * yamlgate.MAX_LIST_ITEMS
    assert parse(at_limit.encode())[1] == []
    assert parse((at_limit + "  - x\n").encode()) == (None, [YamlError(
        2, 3, f"这个列表太长（{yamlgate.MAX_LIST_ITEMS + 1} 项，上限 {yamlgate.MAX_LIST_ITEMS}）。请拆成几条记录。")])
    line = "a: " + "字" * (yamlgate.MAX_LINE_CHARS - 3)
    assert parse(line.encode())[1] == []
    assert parse((line + "字").encode()) == (None, [YamlError(
        1, yamlgate.MAX_LINE_CHARS + 1, f"这一行太长（{yamlgate.MAX_LINE_CHARS + 1} 个字符，上限 {yamlgate.MAX_LINE_CHARS}）。"
                                        "长文请分段：段落之间空一行；很长的名单请一行写一项。")])


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


def test_every_format_control_and_surrogate_character_is_suspect():
    import sys
    import unicodedata
    from schoolpub.hygiene import SUSPECT
    missed = [f"U+{code:04X}" for code in range(sys.maxunicode + 1)
              if unicodedata.category(chr(code)) in ("Cf", "Cc", "Cs") and chr(code) not in "\t\n\r"
              and not SUSPECT.fullmatch(chr(code))]
    assert missed == []
