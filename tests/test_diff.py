"""The article-by-article diff of regulation texts, with and without chapters."""
from schoolpub.views.diff import Change, Group, Piece, changes, grouped

BASE = ["第一章 总则", "第一条 为规范管理，制定本章程。", "第二条 学校名称为测试市第一小学。",
        "第二章 管理体制", "第三条 学校实行校长负责制。", "第四条 学校设立家长委员会，参与学校管理。",
        "第三章 附则", "第五条 本章程由校长办公室负责解释。"]


def text(*blocks: str) -> str:
    return "\n\n".join(blocks) + "\n"


def summary(groups: list[Group]) -> list:
    return [(g.heading, g.note, [(c.kind, c.note, "".join(f"[{p.kind[0]}]{p.text}" if p.kind != "same" else p.text
                                                          for p in c.pieces)) for c in g.changes]) for g in groups]


def test_same_text_has_no_changes():
    assert grouped(text(*BASE), text(*BASE)) == []


def test_moved_article_is_one_change_under_its_new_chapter():
    new = text("第一章 总则", "第一条 为规范管理，制定本章程。", "第二条 学校名称为测试市第一小学。",
               "第二章 管理体制", "第三条 学校实行校长负责制。",
               "第三章 附则", "第四条 学校设立家长委员会，参与学校管理。", "第五条 本章程由校长办公室负责解释。")
    assert summary(grouped(text(*BASE), new)) == [
        ("第三章 附则", "", [("moved", "移至第三章（原在第二章）", "第四条 学校设立家长委员会，参与学校管理。")])]


def test_renumbering_alone_is_no_change():
    new = text(*BASE[:4], "第三条 学校实行校长负责制，校长是法定代表人。", *BASE[5:])
    old = text(*BASE)
    inserted = text(*BASE[:2], "第二条 学校坚持社会主义办学方向。", "第三条 学校名称为测试市第一小学。", "第二章 管理体制",
                    "第四条 学校实行校长负责制。", "第五条 学校设立家长委员会，参与学校管理。", "第三章 附则",
                    "第六条 本章程由校长办公室负责解释。")
    assert summary(grouped(old, inserted)) == [
        ("第一章 总则", "", [("added", "", "[a]第二条 学校坚持社会主义办学方向。")])]
    assert summary(grouped(old, new)) == [
        ("第二章 管理体制", "", [("changed", "", "第三条 学校实行校长负责制[a]，校长是法定代表人。")])]


def test_inserted_chapter_keeps_the_following_chapters_as_they_were():
    new = text(*BASE[:6], "第三章 家校合作", "第五条 学校每学期召开家长会。", "第四章 附则", "第六条 本章程由校长办公室负责解释。")
    assert summary(grouped(text(*BASE), new)) == [
        ("第三章 家校合作", "新增的章", [("added", "", "[a]第五条 学校每学期召开家长会。")])]


def test_split_article_is_a_change_and_an_addition():
    new = text(*BASE[:5], "第四条 学校设立家长委员会。", "第五条 家长委员会参与学校管理。", "第三章 附则",
               "第六条 本章程由校长办公室负责解释。")
    assert summary(grouped(text(*BASE), new)) == [
        ("第二章 管理体制", "", [("changed", "", "第四条 学校设立家长委员会[r]，参与学校管理[a]。[a]第五条 家长委员会参与学校管理。")])] \
        or summary(grouped(text(*BASE), new)) == [
        ("第二章 管理体制", "", [("changed", "", "第四条 学校设立家长委员会[r]，参与学校管理。"),
                             ("added", "", "[a]第五条 家长委员会参与学校管理。")])]


def test_renamed_and_removed_chapters_and_reordered_articles():
    new = text("第一章 总则", "第一条 学校名称为测试市第一小学。", "第二条 为规范管理，制定本章程。",
               "第二章 组织与管理", "第三条 学校实行校长负责制。", "第四条 学校设立家长委员会，参与学校管理。")
    assert summary(grouped(text(*BASE), new)) == [
        ("第一章 总则", "", [("moved", "调整了位置", "[r]第二条[a]第一条 学校名称为测试市第一小学。")]),
        ("第二章 组织与管理", "章名原为“第二章 管理体制”", []),
        ("第三章 附则", "这一章已删去", [("removed", "", "[r]第五条 本章程由校长办公室负责解释。")])]


def test_flat_texts_compare_paragraph_by_paragraph_as_before():
    old, new = "第一条 甲乙丙丁。\n\n第二条 戊己庚辛。", "第一条 甲乙丙丁。\n\n第二条 戊己庚辛壬。"
    assert grouped(old, new) == [Group("", "", tuple(changes(old, new)))]
    assert changes(old, new) == [Change("changed", (Piece("same", "第二条 戊己庚辛"), Piece("added", "壬"), Piece("same", "。")))]


def test_a_text_that_gains_chapters_shows_only_real_changes():
    old = text(*[b for b in BASE if "章 " not in b])
    assert summary(grouped(old, text(*BASE))) == []
