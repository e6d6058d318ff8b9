"""Command line: `schoolpub check | render | schema | guide | new | template | import | export | preview | init | finish | scan`.
Used by the Makefile and CI.

Exit codes: 0 fine, 1 problems in the data, 2 wrong usage, 3 internal error.
Staff never see a Python traceback: an unexpected error prints a short Chinese
message (set SCHOOLPUB_DEBUG=1 to get the traceback).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
import traceback
from pathlib import Path

from . import going_live
from .content import RECORD_TYPES
from .echo import say
from .check_cache import CheckCache
from .loader import load_site
from .media import cache_dir_of
from .problems import Problems

# The other commands' modules (the editor's config, spreadsheets, the guide) are imported by the
# command that needs them: `make check`, run on every save and in every pull request, loads 0.6 s
# less of openpyxl and the editor's generators.


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="schoolpub", description="学校公开信息网站：检查数据、生成模板和编辑器提示")
    parser.add_argument("--root", default=".", help="项目根目录（含 data/）")
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="检查 data/ 下的所有数据")
    check_parser.add_argument("--staged", action="store_true",
                              help="检查将要提交的版本（git 暂存区里的 data/），提交前检查用")
    render_parser = commands.add_parser("render", help="检查数据，把网站的全部内容写进生成目录（默认 .build/render/），"
                                                      "交给 MkDocs 或 Zensical 生成；只写有变化的文件")
    render_parser.add_argument("build_dir", metavar="BUILD_DIR", nargs="?", help="生成目录（默认 .build/render/）")
    schema_parser = commands.add_parser("schema", help="生成 schemas/*.schema.json（编辑器提示用）和网页编辑器的配置 docs/admin/config.yml")
    schema_parser.add_argument("--check", action="store_true", help="只检查是否需要重新生成")
    guide_parser = commands.add_parser("guide", help="生成编辑指南 STAFF-GUIDE.zh-CN.md")
    guide_parser.add_argument("--check", action="store_true", help="只检查是否需要重新生成")
    commands.add_parser("photos", help="把 data/media/ 里过大的照片原图缩小（最长边 2400 像素，摆正，去掉位置等信息）")
    new_parser = commands.add_parser("new", help="新建一条记录的模板文件")
    new_parser.add_argument("kind", choices=[t.name for t in RECORD_TYPES])
    new_parser.add_argument("--id", help="记录编号（文件名），默认按内容选（例如 2027-autumn）或用今天的日期")
    new_parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help=argparse.SUPPRESS)
    template_parser = commands.add_parser("template", help="生成一份 Excel 模板（.xlsx）")
    template_parser.add_argument("kind", help="school、affairs、fees、honors、festivals、regulations")
    template_parser.add_argument("--out", help="写到哪里（.xlsx 文件或文件夹），默认 spreadsheets/")
    template_parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help=argparse.SUPPRESS)
    import_parser = commands.add_parser("import", help="把填好的表格（.xlsx 或 .csv）导入为记录文件")
    import_parser.add_argument("file")
    import_parser.add_argument("--kind", help="内容类型；不写则按工作表名称判断")
    import_parser.add_argument("--id", help="记录编号（文件名）；不写则用表格“基本信息”里的")
    import_parser.add_argument("--overwrite", action="store_true", help="替换已有的同名记录")
    export_parser = commands.add_parser("export", help="把一条记录导出为 Excel 表格，改完可以再导入")
    export_parser.add_argument("kind")
    export_parser.add_argument("id", nargs="?")
    export_parser.add_argument("--out", help="写到哪里（.xlsx 文件或文件夹），默认 spreadsheets/")
    preview_parser = commands.add_parser("preview", help="把生成好的 site/ 复制成双击就能打开的预览 site-preview/")
    preview_parser.add_argument("--site", default="site", help="生成好的网站（默认 site/）")
    preview_parser.add_argument("--out", default="site-preview", help="预览写到哪里（默认 site-preview/）")
    for name, label in (("finish", "生成之后的完成处理：外部脚本改为本网站的副本、网页修正；还有外部网站的引用就失败"),
                        ("scan", "检查生成的网站：个人信息、不安全的链接、找不到的链接和锚点；有问题就失败，网站不发布")):
        output_parser = commands.add_parser(name, help=label)
        output_parser.add_argument("site_dir", metavar="SITE_DIR", help="生成好的网站目录（相对于项目根目录）")
        # after the command too (`schoolpub scan site --root PROJECT`): only set when given there
        output_parser.add_argument("--root", default=argparse.SUPPRESS, help="项目根目录（含 data/、docs/）")
    portal_parser = commands.add_parser("portal", help="生成区县门户网站：汇总各校公开的收费公示并按收费规定核对")
    portal_parser.add_argument("config", nargs="?", default="portal.yml", help="门户配置文件（默认 portal.yml）")
    portal_parser.add_argument("--out", help="门户网站写到哪里（默认配置文件旁边的 portal-site/）")
    portal_parser.add_argument("--today", type=dt.date.fromisoformat, help="按哪一天生成（默认今天），例如 2026-09-10")
    portal_parser.add_argument("--cache", help="各校上次读取的数据和核对结果放在哪里（默认配置文件旁边的 .portal-cache/）")
    from .starter.questions import add_arguments as add_init_arguments

    add_init_arguments(commands.add_parser("init", help="把示例学校换成本校的空白网站：写 data/school.yml，删除示例内容"))
    args = parser.parse_args(argv)
    root = Path(args.root)
    try:
        if args.command == "check":
            return run_staged_check(root) if args.staged else run_check(root)
        if args.command == "render":
            return run_render(root, root / args.build_dir if args.build_dir else None)
        if args.command == "schema":
            return run_schema(root, args.check)
        if args.command in ("template", "import", "export"):
            from .sheets import commands as sheets
        if args.command == "guide":
            return run_guide(root, args.check)
        if args.command == "template":
            return sheets.run_template(root, args.kind, args.out, args.today or dt.date.today())
        if args.command == "import":
            return sheets.run_import(root, args.file, args.kind, args.id, args.overwrite)
        if args.command == "export":
            return sheets.run_export(root, args.kind, args.id, args.out)
        if args.command == "init":
            from .starter import command as starter

            return starter.run(root, args)
        if args.command == "photos":
            return run_photos(root)
        if args.command == "preview":
            return run_preview(root / args.site, root / args.out)
        if args.command == "finish":
            from .output.finish import run_finish

            return run_finish(root / args.site_dir)
        if args.command == "portal":
            from .portal.build import run_portal

            return run_portal(root / args.config, root / args.out if args.out else None, args.today,
                              root / args.cache if args.cache else None)
        if args.command == "scan":
            from .output.scan import run_scan

            return run_scan(root / args.site_dir, root)
        return run_new(root, args.kind, args.id, args.today or dt.date.today())
    except Exception:  # the last line of defence: never a traceback for staff
        if os.environ.get("SCHOOLPUB_DEBUG"):
            traceback.print_exc()
        kind = sys.exc_info()[0].__name__
        say(f"内部错误（{kind}）：检查程序自己出了问题，不是你的数据的错。请把这条消息发给网站维护人员。", error=True)
        return 3


def run_check(root: Path, load=None) -> int:
    """`load` is load_site_once when a build follows in the same process (make site): it reuses the result."""
    started = time.perf_counter()
    site, problems = load(root / "data") if load else load_site(root / "data", CheckCache(cache_dir_of(root)))
    # Printed as they are: each line was made safe where it was written (Problem.human, Problem.github),
    # and the annotations must start with "::".
    notices = Problems(notices=[*problems.notices, *going_live.notices(root, site.school), *_corrections(root, site)])
    if notices.notices:
        print(notices.notices_report(), file=sys.stderr)
    if problems:
        print(problems.report(), file=sys.stderr)
        return 1
    counts = "，".join(f"{t.label} {len(site.of(t.name))} 条" for t in RECORD_TYPES)
    say(f"数据检查通过：学校概况 1 份，{counts}（用时 {time.perf_counter() - started:.2f} 秒）。")
    return 0


def run_render(root: Path, out: Path | None) -> int:
    """The engine's whole input into the build directory (schoolpub.plan, schoolpub.render)."""
    return 0 if render_plan(root, out) is not None else 1


def render_plan(root: Path, out: Path | None, digests=None):
    """run_render, giving what it wrote (render.Written; None when the build is refused, said in
    Chinese); with `digests`, Written.manifest names each file's content (schoolpub.incremental)."""
    from .build import BuildRefused
    from .plan import make_plan
    from .render import DEFAULT_OUT, write_plan
    from .check_cache import fingerprint as code_fingerprint
    from .views import cache_compiled_templates

    cache_compiled_templates(root / ".cache" / "templates", code_fingerprint())
    try:
        plan = make_plan(root)
    except BuildRefused as refusal:
        say(*str(refusal).splitlines(), error=True)
        return None
    target = out or root / DEFAULT_OUT
    written = write_plan(plan, target, digests)
    shown = target.relative_to(root) if target.is_relative_to(root) else target
    say(f"生成目录已更新：写入 {len(written.written)} 个文件，删除 {len(written.deleted)} 个，"
        f"{written.unchanged} 个没有变化（{shown.as_posix()}/）。")
    return written


def _corrections(root: Path, site) -> list:
    """Fee notices corrected without a reason (history_checks.py); nothing while the data has errors."""
    if not site.school:
        return []
    from .context import build_day
    from .history_checks import correction_notices

    return correction_notices(root, site, build_day())


def run_staged_check(root: Path) -> int:
    """The check of what the commit will contain (the pre-commit hook), with the folder's caches."""
    from .echo import quoted
    from .media import CACHE_VARIABLE
    from .staged import NotARepository, staged_data

    os.environ.setdefault(CACHE_VARIABLE, str(cache_dir_of(root.resolve())))  # photos checked before stay checked
    try:
        with staged_data(root) as snapshot:
            result = run_check(snapshot.project)
    except NotARepository:
        print("错误：这里不是 git 仓库，没有“将要提交的内容”可以检查。请在项目文件夹里运行，或去掉 --staged。", file=sys.stderr)
        return 2
    if result == 1 and snapshot.unstaged:
        listed = "、".join(quoted(path) for path in snapshot.unstaged[:5]) + ("等" if len(snapshot.unstaged) > 5 else "")
        print(f"注意：检查的是将要提交的版本（git 暂存区里的），{listed} 在文件夹里已经改过或删除，但暂存区里还是旧的版本。"
              "如果你已经按提示改好，请运行 git add -A data（删除的文件也会从提交里去掉），再重新提交。", file=sys.stderr)
    return result


def run_schema(root: Path, check_only: bool) -> int:
    from . import cms

    try:
        return _run_schema(root, check_only)
    except cms.SettingsError as error:
        say(f"错误：{error}", error=True)
        return 1


def _run_schema(root: Path, check_only: bool) -> int:
    from . import schema

    if check_only:
        stale = schema.stale_schemas(root)
        if stale:
            say("这些编辑器提示文件已过期，请运行 make schema：" + "、".join(stale), error=True)
            return 1
        say("编辑器提示文件（schemas/）和网页编辑器配置（docs/admin/config.yml）是最新的。")
        return 0
    for path in schema.write_schemas(root):
        say(f"已生成 {path.relative_to(root).as_posix()}")
    return 0


def run_guide(root: Path, check_only: bool) -> int:
    from . import guide

    if check_only:
        if not guide.guide_is_current(root):
            say(f"编辑指南 {guide.GUIDE_PATH} 已过期，请运行 make guide。", error=True)
            return 1
        say(f"编辑指南 {guide.GUIDE_PATH} 是最新的。")
        return 0
    say(f"已生成 {guide.write_guide(root).relative_to(root).as_posix()}")
    return 0


def run_photos(root: Path) -> int:
    from . import shrink  # Pillow's encoders: only for this command

    shrunk, notes = shrink.shrink_all(root)
    for item in shrunk:
        say(item.human())
    for note in notes:
        say(f"提示：{note}", error=True)
    if shrunk:
        saved = sum(item.before[2] - item.after[2] for item in shrunk)
        say(f"共缩小 {len(shrunk)} 张照片，节省 {saved / 1e6:.1f} MB。请检查照片后再提交（git add data/media）。")
    else:
        say(f"没有需要缩小的照片（最长边都不超过 {shrink.MAX_SIDE} 像素）。")
    return 0


def run_preview(site: Path, out: Path) -> int:
    from .file_preview import make_preview

    if not (site / "index.html").is_file():
        say(f"没有找到 {site.as_posix()}/index.html：请先生成网站（make site），或者直接运行 make preview。", error=True)
        return 2
    pages = make_preview(site, out)
    index = (out / "index.html").resolve()
    say(f"预览已生成（{pages} 个页面）：在文件夹里双击 {out.as_posix()}/index.html，或在浏览器里打开 {index.as_uri()}")
    say("这是只供查看的副本，不会发布；搜索要在正式网站上才能用。")
    return 0


def run_new(root: Path, kind: str, record_id: str | None, today: dt.date) -> int:
    from . import scaffold

    try:
        created = scaffold.create(root / "data", kind, today, record_id)
    except scaffold.ScaffoldError as error:
        say(f"错误：{error}", error=True)
        return 2
    say(f"已新建 {created.path.relative_to(root).as_posix()}。")
    if created.note:
        say(created.note)
    say("请打开它，按注释修改内容；文件名就是网址，可以改成更好记的名字。改完后运行 make check 检查。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
