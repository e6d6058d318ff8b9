"""Revision history per record (history.py) from a throwaway repository with a scripted history:
exact entries on the page, in the open data and in the feed, 更正 and the compliance note,
shallow clones, and a folder that is no repository at all."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import feedparser
import pytest

from conftest import MINIMAL
from history_support import AFFAIR, MOVED, commit, commits, edit, git, scripted_repository

from schoolpub import history
from schoolpub.build import BuildRefused, prepared
from schoolpub.cli import run_check
from schoolpub.exports.feeds import atom_feed
from schoolpub.exports.opendata import record_data
from schoolpub.history import HistoryError, RecordHistory, Revision, record_histories
from schoolpub.loader import load_site
from schoolpub.views import Context, home, record_page

URL = "https://example.edu.cn/"
REASON = "原公示住宿费金额录入错误，以示发改价格〔2023〕12号为准"
SHALLOW = ("这个仓库是浅克隆（只下载了最近几次提交），无法得到每条记录的首次发布日期和修改记录，"
           "而自动补全历史（git fetch --unshallow）也没有成功。"
           "请完整克隆仓库（git clone 时不要加 --depth）；在 CI 里请把 actions/checkout 的 fetch-depth 设为 0。")


@pytest.fixture(scope="module")
def repository(tmp_path_factory) -> Path:
    return scripted_repository(tmp_path_factory.mktemp("history") / "school")


@pytest.fixture(scope="module")
def ids(repository) -> dict[str, str]:
    return commits(repository)


@pytest.fixture(scope="module")
def context(repository) -> Context:
    site, problems = load_site(repository / "data")
    assert not problems.sorted()
    return Context(site=site, today=dt.date(2025, 9, 12), site_url=URL, histories=record_histories(repository, site))


def test_revisions_are_changes_of_the_data_and_a_moved_file_keeps_its_history(context, ids):
    fee = context.histories[("fees", "2025-spring")]  # published as sample.yml, moved on 09-04
    assert fee == RecordHistory(dt.date(2025, 8, 25), [
        Revision(dt.date(2025, 8, 28), ids["fix a typo"],
                 ["标题：2025-2026学年第二学期收费公式 → 2025-2026学年第二学期收费公示"]),
        # during the display period (from 09-01): a correction; its reason was committed on 09-07
        Revision(dt.date(2025, 9, 3), ids["change an amount during the display period"], ["住宿费：400 元 → 450 元"],
                 correction=True, note=REASON),
        Revision(dt.date(2025, 9, 8), ids["extend the display period"], ["公示期结束日期：2025-10-01 → 2025-10-08"]),
    ])  # the move (09-04), comments and spaces (09-05), reordered keys (09-06): no revision
    assert context.histories[("affairs", "sample")] == RecordHistory(
        dt.date(2025, 8, 25), [Revision(dt.date(2025, 9, 10), ids["edit a disclosure's text"], ["正文修改"])])
    assert context.histories[("honors", "sample")] == RecordHistory(dt.date(2025, 8, 25), [])
    assert set(context.histories) == {("fees", "2025-spring"), ("affairs", "sample"), ("honors", "sample"),
                                      ("festivals", "sample"), ("regulations", "sample")}


def test_the_record_page_shows_the_history_collapsed_with_the_correction_in_words(context):
    page = record_page(context, "fees", "2025-spring")
    assert ('<p class="sp-dates"><span>公示 <time datetime="2025-09-01">2025-09-01</time></span>'
            '<span>首次上网 <time datetime="2025-08-25">2025-08-25</time></span>'
            '<span>最后修改 <time datetime="2025-09-08">2025-09-08</time></span></p>') in page
    start = page.index('<details class="sp-history"')
    assert page[start:page.index("</details>", start) + len("</details>")] == f"""\
<details class="sp-history" id="history">
<summary>修改记录（3 次，其中更正 1 次）</summary>
<ol class="sp-history__list" reversed>
<li class="sp-history__entry">
<p class="sp-history__head"><time datetime="2025-09-08">2025-09-08</time> <span class="sp-history__kind">修改</span></p>
<ul>
<li>公示期结束日期：2025-10-01 → 2025-10-08</li>
</ul>
</li>
<li class="sp-history__entry sp-history__entry--correction">
<p class="sp-history__head"><time datetime="2025-09-03">2025-09-03</time> <strong class="sp-badge sp-badge--correction">更正</strong></p>
<ul>
<li>住宿费：400 元 → 450 元</li>
</ul>
<p class="sp-history__note">更正说明：{REASON}</p>
</li>
<li class="sp-history__entry">
<p class="sp-history__head"><time datetime="2025-08-28">2025-08-28</time> <span class="sp-history__kind">修改</span></p>
<ul>
<li>标题：2025-2026学年第二学期收费公式 → 2025-2026学年第二学期收费公示</li>
</ul>
</li>
</ol>
<p class="sp-note">首次上网：<time datetime="2025-08-25">2025-08-25</time>。修改记录由网站根据历史版本自动生成，只列出内容的改动。</p>
</details>"""
    assert "<details open" not in page
    honors = record_page(context, "honors", "sample")  # no revision: no history block, no 最后修改
    assert "sp-history" not in honors and "最后修改" not in honors and "首次上网" in honors


def test_a_change_is_data_escaped_never_html(repository, tmp_path):
    root = tmp_path / "school"
    shutil.copytree(repository, root)
    edit(root, AFFAIR, "department: 校长办公室", "department: <b>总务处</b>")
    commit(root, "2025-09-11", "markup in a value")
    site, _ = load_site(root / "data")
    context = Context(site=site, today=dt.date(2025, 9, 12), site_url=URL, histories=record_histories(root, site))
    page = record_page(context, "affairs", "sample")
    assert "<li>发布部门：校长办公室 → &lt;b&gt;总务处&lt;/b&gt;</li>" in page
    assert "<b>" not in page


def test_no_commit_id_is_published(context, ids):
    """40 hex digits hold runs like 13912345678 the output scan refuses as a mobile number (a real
    ten-year history had one): pages, open data and feeds name revisions by date and number."""
    published = record_page(context, "fees", "2025-spring") + json.dumps(
        record_data(context, "fees", "2025-spring")) + atom_feed(context).decode("utf-8")
    assert not [commit for commit in ids.values() if commit[:7] in published]


def test_open_data_has_the_history(context):
    assert record_data(context, "fees", "2025-spring")["history"] == {
        "first_published": "2025-08-25",
        "revisions": [
            {"date": "2025-08-28", "correction": False, "correction_note": None,
             "changes": ["标题：2025-2026学年第二学期收费公式 → 2025-2026学年第二学期收费公示"]},
            {"date": "2025-09-03", "correction": True,
             "correction_note": REASON, "changes": ["住宿费：400 元 → 450 元"]},
            {"date": "2025-09-08", "correction": False,
             "correction_note": None, "changes": ["公示期结束日期：2025-10-01 → 2025-10-08"]},
        ]}
    without = Context(site=context.site, today=context.today, site_url=URL)  # a build without git: null, not []
    assert record_data(without, "fees", "2025-spring")["history"] is None
    assert json.dumps(record_data(context, "affairs", "sample"), ensure_ascii=False)  # plain JSON


def test_each_revision_is_a_feed_entry_and_a_correction_says_so_in_its_title(context):
    feed = feedparser.parse(atom_feed(context, "fees"))
    page = f"{URL}fees/2025-spring/"
    assert [(entry.id, entry.title, entry.link, entry.summary, entry.updated) for entry in feed.entries] == [
        (f"{page}#revision-3", "修改：2025-2026学年第二学期收费公示",
         f"{page}#history", "2025-09-08 修改：公示期结束日期：2025-10-01 → 2025-10-08", "2025-09-08T00:00:00+08:00"),
        (page, "2025-2026学年第二学期收费公示", page,
         "2025-2026学年第二学期；收费范围：一至六年级全体学生；公示期：2025-09-01 至 2025-10-08；开始收费：2025-09-15；"
         "收费项目：住宿费、课后服务费", "2025-09-08T00:00:00+08:00"),
        (f"{page}#revision-2",
         "更正：2025-2026学年第二学期收费公示", f"{page}#history",
         f"2025-09-03 更正：住宿费：400 元 → 450 元。更正说明：{REASON}", "2025-09-03T00:00:00+08:00"),
        (f"{page}#revision-1", "修改：2025-2026学年第二学期收费公示", f"{page}#history",
         "2025-08-28 修改：标题：2025-2026学年第二学期收费公式 → 2025-2026学年第二学期收费公示",
         "2025-08-28T00:00:00+08:00"),
    ]
    assert feed.bozo == 0


def test_the_home_page_marks_a_recent_correction(context):
    recent = home(context)
    assert "- [2025\\-2026学年第二学期收费公示](fees/2025-spring/index.md)  \n  收费公示 · 2025-09-08 · **更正** 2025-09-03\n" \
        in recent
    later = home(Context(site=context.site, today=dt.date(2025, 10, 4), site_url=URL, histories=context.histories))
    assert "- [2025\\-2026学年第二学期收费公示](fees/2025-spring/index.md)  \n  收费公示 · 2025-09-08\n" in later
    assert "更正" not in later  # 31 days on: no longer marked


def test_make_check_asks_for_the_reason_of_a_correction(repository, tmp_path, monkeypatch, capsys):
    root = tmp_path / "school"
    shutil.copytree(repository, root)
    monkeypatch.setenv("SCHOOLPUB_TODAY", "2025-09-12")
    edit(root, MOVED, "reductions: |", "  - name: 作业本费\n    kind: 代收费\n    amount: 20\n    unit: 元/生·学期\n"
                                        "    voluntary: true\nreductions: |")
    assert run_check(root) == 0  # a note, not an error
    uncommitted = capsys.readouterr().err
    note = ("在公示期开始（2025-09-01）之后改动了收费项目、金额、收费对象或收费依据（新增收费项目：作业本费），"
            "网站的修改记录和订阅里会把它标为“更正”。请在 correction_note 里写明更正原因，例如 "
            "correction_note: 原公示住宿费金额录入错误，以示发改价格〔2026〕9号为准；写了会和“更正”一起显示给家长。")
    assert f"data/fees/2025-spring.yml:46:1: 提示：[收费公示 2025-spring › correction_note] 尚未提交的修改{note}" \
        in uncommitted.splitlines()
    commit(root, "2025-09-12", "add an item")
    run_check(root)
    assert f"data/fees/2025-spring.yml:46:1: 提示：[收费公示 2025-spring › correction_note] 2025-09-12 提交的修改{note}" \
        in capsys.readouterr().err.splitlines()
    edit(root, MOVED, f"correction_note: {REASON}", "correction_note: 补列漏登的作业本费")
    run_check(root)
    assert "correction_note" not in capsys.readouterr().err  # the reason given: nothing to ask
    site, _ = load_site(root / "data")
    assert record_histories(root, site, worktree=True, today=dt.date(2025, 9, 12))[
        ("fees", "2025-spring")].revisions[-1].note == "补列漏登的作业本费"


def test_a_shallow_clone_is_deepened_from_its_remote(repository, context, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repository.as_uri(), str(clone)], check=True)
    assert git(clone, "rev-parse", "--is-shallow-repository").strip() == "true"
    site, _ = load_site(clone / "data")
    assert record_histories(clone, site) == context.histories
    assert git(clone, "rev-parse", "--is-shallow-repository").strip() == "false"


def test_a_shallow_clone_without_its_remote_is_refused_in_chinese(repository, tmp_path, capsys):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repository.as_uri(), str(clone)], check=True)
    git(clone, "remote", "set-url", "origin", (tmp_path / "gone").as_uri())
    site, _ = load_site(clone / "data")
    with pytest.raises(HistoryError) as raised:
        record_histories(clone, site)
    assert str(raised.value) == SHALLOW
    with pytest.raises(BuildRefused) as refused:
        prepared(clone, URL, with_media=True)
    assert str(refused.value) == f"读不到各条记录的修改记录，网站没有生成：{SHALLOW}"
    assert run_check(clone) == 0  # make check still checks the data, and says why history is missing
    assert f"data:1:1: 提示：{SHALLOW}" in capsys.readouterr().err.splitlines()


def test_a_folder_that_is_no_repository_has_no_history_and_a_note(tmp_path):
    root = tmp_path / "tarball"
    shutil.copytree(MINIMAL, root)
    site, _ = load_site(root / "data")
    histories = record_histories(root, site)
    assert histories == {}
    assert histories.note == "这个文件夹不是 git 仓库（例如从压缩包解开的），网站上不显示各条记录的修改记录。"
    context = Context(site=site, today=dt.date(2025, 9, 12), site_url=URL, histories=histories)
    assert "sp-history" not in record_page(context, "fees", "sample")


def test_what_two_versions_changed_is_cached_by_their_blobs(repository, context, tmp_path):
    root = tmp_path / "school"
    shutil.copytree(repository, root)
    files = list((root / ".cache" / "history").glob("pairs-*.json"))
    assert [file.name for file in files] == [f"pairs-{history._code_fingerprint()}.json"]
    entries = json.loads(files[0].read_text("utf-8"))
    pair = entries[next(key for key in entries if key.startswith("fees:") and entries[key]["terms"])]
    assert pair == {"changes": ["住宿费：400 元 → 450 元"], "terms": True, "since": "2025-09-01", "note": None}
    # a cached answer is used as it is: the cache is keyed by content, so a re-clone hits it
    pair["changes"] = ["（来自缓存）"]
    files[0].write_text(json.dumps(entries, ensure_ascii=False), "utf-8")
    site, _ = load_site(root / "data")
    assert record_histories(root, site)[("fees", "2025-spring")].revisions[1].changes == ["（来自缓存）"]
    files[0].write_text("{damaged", "utf-8")  # a damaged cache is rebuilt, never an error
    assert record_histories(root, site)[("fees", "2025-spring")].revisions[1].changes == ["住宿费：400 元 → 450 元"]


def test_the_built_site_shows_the_history_on_page_home_feed_and_open_data(tmp_path):
    """The wiring end to end: MkDocs builds the scripted repository (hooks and macros read one history)."""
    from test_build import build, unexpected_log_lines

    root = scripted_repository(tmp_path / "school", ("mkdocs.yml", "macros.py", "search-words.txt", "hooks",
                                                       "overrides", "docs", "src"))
    site_dir = tmp_path / "site"
    result = build(root, site_dir)  # SCHOOLPUB_TODAY 2026-11-23: the 2025-09-03 更正 is not recent
    assert result.returncode == 0, result.stderr
    assert unexpected_log_lines(result.stdout + result.stderr) == []
    page = (site_dir / "fees" / "2025-spring" / "index.html").read_text("utf-8")
    assert '<details class="sp-history" id="history">\n<summary>修改记录（3 次，其中更正 1 次）</summary>' in page
    assert '<strong class="sp-badge sp-badge--correction">更正</strong>' in page
    assert f'<p class="sp-history__note">更正说明：{REASON}</p>' in page
    home_page = (site_dir / "index.html").read_text("utf-8")
    # its last revision, not its data's own date (2025-09-01): the home page's context (macros) has the history
    assert '<a href="fees/2025-spring/">2025-2026学年第二学期收费公示</a><br />\n  收费公示 · 2025-09-08</li>' in home_page
    feed = feedparser.parse((site_dir / "feeds" / "all.xml").read_bytes())
    assert [entry.title for entry in feed.entries if "#revision-" in entry.id] == [
        "修改：关于2025年秋季学期校车线路的公示", "修改：2025-2026学年第二学期收费公示",
        "更正：2025-2026学年第二学期收费公示", "修改：2025-2026学年第二学期收费公示"]
    fees = json.loads((site_dir / "data" / "v2" / "fees.json").read_text("utf-8"))
    assert fees["schema_version"] == 2
    assert [revision["changes"] for revision in fees["records"][0]["history"]["revisions"]] == [
        ["标题：2025-2026学年第二学期收费公式 → 2025-2026学年第二学期收费公示"], ["住宿费：400 元 → 450 元"],
        ["公示期结束日期：2025-10-01 → 2025-10-08"]]


def test_a_merged_branch_counts_once_at_the_merge_and_an_empty_repository_has_no_history(repository, tmp_path):
    root = tmp_path / "school"
    shutil.copytree(repository, root)
    git(root, "switch", "-q", "-c", "edit")
    edit(root, AFFAIR, "department: 校长办公室", "department: 总务处")
    commit(root, "2025-09-11", "on a branch")
    edit(root, AFFAIR, "department: 总务处", "department: 教务处")
    commit(root, "2025-09-12", "on a branch again")
    git(root, "switch", "-q", "main")
    git(root, "merge", "-q", "--no-ff", "-m", "merge", "edit", date="2025-09-15")
    site, _ = load_site(root / "data")
    revisions = record_histories(root, site)[("affairs", "sample")].revisions
    assert [(revision.date, revision.changes) for revision in revisions] == [
        (dt.date(2025, 9, 10), ["正文修改"]), (dt.date(2025, 9, 15), ["发布部门：校长办公室 → 教务处"])]
    empty = tmp_path / "empty"
    shutil.copytree(MINIMAL, empty)
    git(empty, "init", "-q")
    assert record_histories(empty, site) == {}


def test_the_history_of_some_types_is_theirs_in_full_and_keeps_the_other_types_cached_pairs(repository, tmp_path):
    root = tmp_path / "school"
    shutil.copytree(repository, root)
    site, _ = load_site(root / "data")
    everything = record_histories(root, site)
    fees = record_histories(root, site, types=("fees",))
    assert sorted(fees) == [("fees", "2025-spring")]
    assert fees[("fees", "2025-spring")] == everything[("fees", "2025-spring")]
    (file,) = (root / ".cache" / "history").glob("pairs-*.json")
    kept = json.loads(file.read_text("utf-8"))
    assert any(key.startswith("affairs:") for key in kept)  # make check's fee history does not prune the rest
    assert record_histories(root, site) == everything
