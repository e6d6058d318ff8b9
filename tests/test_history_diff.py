"""What two versions of a record changed, in Chinese (history.compare, history_diff.describe): exact lines."""
from __future__ import annotations

from conftest import MINIMAL

from schoolpub.history import compare

FEE = (MINIMAL / "data" / "fees" / "sample.yml").read_text("utf-8")


def changed(new_text: str, old_text: str = FEE) -> dict:
    return compare("fees", old_text.encode("utf-8"), new_text.encode("utf-8"))


def test_layout_comments_and_key_order_are_no_change():
    reordered = "issued: 2025-09-01\n" + FEE.replace("issued: 2025-09-01                   # 公示日期\n", "")
    assert changed("# 新注释\n" + reordered.replace("amount: 400 ", "amount: 400.00 ").replace("voluntary: true", "voluntary: 是"))[
        "changes"] == []


def test_items_are_matched_by_name_and_each_change_is_named():
    new = FEE.replace("amount: 300\n", "max_amount: 300\n    settled: 按实际参加的周数收取\n") \
        .replace("    payers: 住校生 ", "    payers: 全体住校生 ") \
        .replace("reductions: |", "  - name: 课后服务费2\n    kind: 代收费\n    settled: 按实收取\nreductions: |") \
        .replace("  - label: 区教育局\n    number: 0571-88005678\n", "")
    assert changed(new) == {"changes": [
        "新增收费项目：课后服务费2",
        "住宿费的收费对象：住校生 → 全体住校生",
        "课后服务费：删除金额（原 300 元）",
        "课后服务费：新增最高金额 300 元",
        "新增课后服务费的结算方式：按实际参加的周数收取",
        "删除监督投诉电话：区教育局",
    ], "terms": True, "since": "2025-09-01", "note": None}


def test_long_text_is_named_not_quoted_and_a_display_change_is_no_term():
    new = FEE.replace("凭相关证明向班主任申请。", "凭相关证明向班主任申请，经学校审核后执行。").replace("end: 2025-10-01", "end: 2025-10-08")
    assert changed(new) == {"changes": ["减免政策修改", "公示期结束日期：2025-10-01 → 2025-10-08"], "terms": False,
                            "since": "2025-09-01", "note": None}


def test_a_reason_is_the_note_of_the_version_that_wrote_it():
    noted = FEE + "correction_note: 补录漏登的项目\n"
    assert changed(noted)["note"] == "补录漏登的项目" and changed(noted)["changes"] == []
    assert changed(noted.replace("amount: 400 ", "amount: 450 "), noted) == {
        "changes": ["住宿费：400 元 → 450 元"], "terms": True, "since": "2025-09-01", "note": None}


def test_a_version_that_never_validated_is_content_changed():
    assert changed(FEE, "title: [broken\n")["changes"] == ["内容修改"]
    assert changed("title: [broken\n")["changes"] == []  # an invalid version was never published
