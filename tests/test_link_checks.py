"""`make check` refuses an unsafe link or image in a Markdown body at the line it was
written, and Markdown bodies cannot carry raw HTML to the page (issue: script in a link).

The fixtures under tests/fixtures/bad/*/script-link*.yml pin the messages for each
variant and content type; these tests pin where the line comes from in each YAML
shape, and what the page makes of raw HTML.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

from conftest import problems_of, write

from schoolpub import bodies, fields, urls

HEAD = "title: 开学通知\ncategory: 其他\npublished: 2025-09-01\ndepartment: 校长办公室\n"
SCRIPT = urls.unsafe_message("javascript:alert(1)")
PREFIX = "data/affairs/notice.yml:{}: 错误：[校务公开 notice › body] "


def problems_for_body(project: Path, body_yaml: str) -> list[str]:
    write(project, "data/affairs/notice.yml", HEAD + body_yaml)
    return problems_of(project)


@pytest.mark.parametrize("body_yaml, where", [
    ("body: |\n\n\n  第一段。\n\n  见[这里](javascript:alert(1))。\n", "10:9"),  # blank lines before the text
    ("body: |2\n    缩进多两格\n  见[这里](javascript:alert(1))。\n", "7:9"),  # an indentation indicator
    ("body: |-\n      第一段。\n      见 [这里](javascript:alert(1))\n", "7:14"),  # deeper indentation, chomping
    ("body: 见[这里](javascript:alert(1))。\n", "5:13"),  # one plain line
    ("body: >\n  见[这里](javascript:alert(1))。\n", "5:7"),  # folded: the value's start
    ("body: \"见[这里](javascript:alert(1))。\"\n", "5:7"),  # quoted: the value's start
])
def test_the_problem_points_at_the_link_where_the_yaml_allows(project: Path, body_yaml, where):
    assert problems_for_body(project, body_yaml) == [PREFIX.format(where) + SCRIPT]


def test_the_same_target_twice_is_two_problems_at_two_lines(project: Path):
    body = "body: |\n  [一](javascript:alert(1))\n  [二](javascript:alert(1))\n"
    assert problems_for_body(project, body) == [PREFIX.format("6:7") + SCRIPT, PREFIX.format("7:7") + SCRIPT]


@pytest.mark.parametrize("body", [
    "[教育局](https://jyj.example.gov.cn/x) [办公室](mailto:office@example.edu.cn) [电话](tel:0571-88001234)",
    "[上一页](../fees/) [本页](#top) <https://example.edu.cn/> <office@example.edu.cn>",
    "`[代码](javascript:alert(1))` 和 javascript:alert(1) 只是文字",
    "<javascript:alert(1)> <a href=\"javascript:alert(1)\">x</a> <img src=x onerror=alert(1)>",
])
def test_safe_links_and_text_are_not_refused(body):
    assert bodies.unsafe_targets(body) == []


def test_an_autolink_to_another_scheme_is_refused_too():
    assert bodies.unsafe_targets("资料见 <ftp://example.com/a.pdf>。") == [("a", "ftp://example.com/a.pdf")]


RAW_HTML = [
    ('<a href="javascript:alert(1)">点我</a>', '<p>&lt;a href="javascript:alert(1)"&gt;点我&lt;/a&gt;</p>'),
    ("<a href=&#106;avascript:alert(1)>点我</a>", "<p>&lt;a href=&#106;avascript:alert(1)&gt;点我&lt;/a&gt;</p>"),
    ("<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>"),
    ('<iframe src="javascript:alert(1)"></iframe>', '<p>&lt;iframe src="javascript:alert(1)"&gt;&lt;/iframe&gt;</p>'),
    ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
    ("见 <svg onload=alert(1)> 和 <details open ontoggle=alert(1)>",
     "<p>见 &lt;svg onload=alert(1)&gt; 和 &lt;details open ontoggle=alert(1)&gt;</p>"),
]


@pytest.mark.parametrize("body, shown", RAW_HTML)
def test_raw_html_in_a_body_reaches_the_page_as_the_characters_typed(body, shown):
    assert bodies.markdown_block(body) == f'\n<div class="sp-markdown">\n{shown}\n</div>\n'


def test_a_body_with_raw_html_is_not_refused_since_it_is_shown_as_text(project: Path):
    body = "body: |\n" + "".join(f"  {html}\n\n" for html, _ in RAW_HTML)
    assert problems_for_body(project, body) == []


def test_a_url_field_is_judged_as_the_browser_reads_it():
    with pytest.raises(ValidationError) as raised:
        TypeAdapter(fields.Url).validate_python("&#106;avascript:alert(1)")
    assert raised.value.errors()[0]["msg"] == (
        "链接地址不安全：“&#106;avascript:alert(1)”在浏览器里读作“javascript:alert(1)”，点开会运行脚本。"
        "只允许 http、https、mailto、tel 或站内相对地址。"
        "请改成以 https:// 开头的完整网址（例如 https://www.example.edu.cn/），或者删掉这个链接、只留文字。")
    assert TypeAdapter(fields.Url).validate_python("https://jyj.example.gov.cn/x") == "https://jyj.example.gov.cn/x"


@pytest.mark.parametrize("reference", ["javascript:alert(1).pdf", "&#106;avascript:alert(1).pdf"])
def test_an_attachment_reference_that_reads_as_a_link_is_refused(reference):
    with pytest.raises(ValidationError) as raised:
        TypeAdapter(fields.AttachmentPath).validate_python(reference)
    assert raised.value.errors()[0]["msg"] == \
        f"文件路径要写相对于 data/media/ 的位置，例如 festivals/2025-art/01.jpg（现在是“{reference}”）。"


def test_an_image_message_says_images_are_not_shown():
    assert urls.unsafe_message("data:image/svg+xml,x", image=True) == (
        "图片地址不安全：“data:image/svg+xml,x”不是网页上的图片地址（data:）。只允许 http、https、mailto、tel "
        "或站内相对地址。请删掉这个图片写法：正文里的图片不会显示在网页上，照片请放进相册。")


def test_invisible_characters_in_a_target_are_shown_visibly():
    assert urls.unsafe_message("java\tscript:alert(1)").startswith(
        "链接地址不安全：“java⟨U+0009⟩script:alert(1)”在浏览器里读作“javascript:alert(1)”，点开会运行脚本。")
