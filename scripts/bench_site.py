"""`make bench-site`: the whole build at the scale of a real school's ten years (issue 12).

    .venv/bin/python scripts/bench_site.py [--records 928 5000] [--runs 2] [--no-cold]

1. Generates the synthetic ten-year school (scripts/make_bench_school.py) under .bench/,
   and a 5,000-record variant whose festivals link the same photo files (hard links).
2. For each: `make check`, `make site` cold (no .cache/) and, for each engine (--engines,
   default MkDocs and Zensical), warm (nothing changed: nothing is built), after a one-record
   edit (only what changed is built), and a full rebuild with warm caches (the record of the last
   publish deleted), each at least twice; peak memory of each; the largest HTML page; the search
   index gzipped; site size and published bytes per photo; the size of `.git` after
   committing the data (1,000 only).
3. Stock MkDocs + Material + jieba search with as many plain Markdown pages, same run,
   for the ratio; and stock MkDocs + Material on our own generated pages (same Markdown,
   same extensions, nothing of ours), to tell our own cost from the engine's.
It is a benchmark, not a test: it asserts nothing and prints a table. Timings on a
shared machine are noisy: compare ratios of one run, not numbers across runs.
"""
from __future__ import annotations

import argparse
import gzip
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_bench_school import DEFAULT_RECORDS, copy_build_files, make_school  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / ".bench"
PY = sys.executable
_PEAK = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
         "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(code)")


def timed(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (KB, largest process of the tree) of one command; exits on failure."""
    started = time.perf_counter()
    result = subprocess.run([PY, "-c", _PEAK, *command], cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"failed in {cwd}: {' '.join(command)}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return seconds, int(result.stderr.strip().splitlines()[-1])


def school(records: int, reuse: Path | None, regenerate: bool, photos: int) -> Path:
    target = BENCH / f"school-{records}"
    if regenerate or not (target / ".git").is_dir():
        make_school(target, records, photos=photos, reuse_photos=reuse)
        commit(target)
    else:  # the data is kept (generating it takes minutes), the wiring is measured as it is now
        copy_build_files(target)
    return target


def commit(target: Path) -> None:
    """A git repository of the school (the build takes page dates and SOURCE_DATE_EPOCH from git)."""
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "-c", "gc.auto=0"]
    subprocess.run(["git", "init", "-q"], cwd=target, check=True)
    subprocess.run(git + ["add", "-A", "data"], cwd=target, check=True)
    subprocess.run(git + ["commit", "-q", "-m", "synthetic ten-year school", "--date", "2026-12-01T00:00:00"],
                   cwd=target, check=True, env={**os.environ, "GIT_COMMITTER_DATE": "2026-12-01T00:00:00"})


def tree_bytes(path: Path) -> int:
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file()) if path.exists() else 0


def site_facts(site: Path) -> dict:
    pages = [page for page in site.rglob("*.html") if page.name != "404.html"]
    largest = max(pages, key=lambda page: page.stat().st_size)
    index = (site / "search" / "search_index.json").read_bytes()
    photos = sorted({page.name.rsplit("-", 1)[0] + str(page.parent) for page in (site / "media" / "festivals").rglob("*")
                     if page.is_file()})
    return {"pages": len(pages), "largest": (largest.relative_to(site).as_posix(), largest.stat().st_size),
            "over_60k": sum(1 for page in pages if page.stat().st_size > 60 * 1024),
            "search_gz": len(gzip.compress(index, 6)), "search_raw": len(index), "site": tree_bytes(site),
            "photo_bytes": tree_bytes(site / "media" / "festivals"), "photos": len(photos)}


def stock_project(target: Path, pages: int, school_dir: Path) -> Path:
    """Stock MkDocs + Material + jieba: `pages` plain Markdown pages made from the school's record texts."""
    shutil.rmtree(target, ignore_errors=True)
    docs = target / "docs"
    sections = ("affairs", "fees", "honors", "festivals", "regulations")
    records = sorted(path for kind in sections for path in (school_dir / "data" / kind).glob("*.yml"))
    for section in sections:
        (docs / section).mkdir(parents=True)
        (docs / section / "index.md").write_text(f"# {section}\n", encoding="utf-8")
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    (docs / "about.md").write_text("# 学校概况\n", encoding="utf-8")
    for number in range(pages - len(sections) - 2):
        source = records[number % len(records)]
        lines = [line.split(":", 1)[1].strip(" |") for line in source.read_text(encoding="utf-8").splitlines()
                 if ":" in line and not line.lstrip().startswith("#")]
        body = "\n\n".join(line for line in lines if line)
        (docs / source.parent.name / f"{source.stem}-{number}.md").write_text(f"# {source.stem}\n\n{body}\n",
                                                                               encoding="utf-8")
    nav = "\n".join(f"  - {name}: {name}/index.md" for name in sections)
    (target / "mkdocs.yml").write_text(
        "site_name: stock\nsite_url: https://example.edu.cn/\ntheme:\n  name: material\n  language: zh\n"
        "  font: false\n  features: [navigation.prune]\nplugins:\n  - search:\n      lang: zh\n"
        f"nav:\n  - index.md\n{nav}\n  - about.md\nnot_in_nav: |\n  /*/*.md\n", encoding="utf-8")
    return target


def same_pages_project(target: Path, school_dir: Path) -> Path:
    """Stock MkDocs + Material + jieba on the pages our build makes (record, year, section and home
    pages as the views render them), with our Markdown extensions, without anything of ours: no
    check, hooks, macros, exports, photos or privacy scan. Our build minus this is our own cost."""
    from schoolpub import views
    from schoolpub.build import context_for
    from schoolpub.loader import load_site

    shutil.rmtree(target, ignore_errors=True)
    site, problems = load_site(school_dir / "data")
    if problems:
        sys.exit(problems.report())
    context = context_for(site, "https://example.edu.cn/", with_media=True)
    docs = target / "docs"

    def page(src: str, text: str) -> None:
        (docs / src).parent.mkdir(parents=True, exist_ok=True)
        (docs / src).write_text(text, encoding="utf-8")

    page("index.md", views.home(context))
    page("about.md", views.about(context))
    for content_type in views.RECORD_TYPES:
        name = content_type.name
        page(f"{name}/index.md", views.section_index(context, name))
        for kind, record_id, _ in views.all_records(site):
            if kind.name == name:
                page(views.record_src(name, record_id), views.record_file(context, name, record_id))
        for year_page in views.year_pages(context, name):
            page(year_page.src_uri, views.year_page(context, year_page))
    ours = (school_dir / "mkdocs.yml").read_text(encoding="utf-8")
    extensions = ours[ours.index("markdown_extensions:"):]
    nav = ours[ours.index("nav:"):ours.index("hooks:")]  # nav and not_in_nav, as ours
    (target / "mkdocs.yml").write_text(
        "site_name: same pages\nsite_url: https://example.edu.cn/\ntheme:\n  name: material\n  language: zh\n"
        "  font: false\n  features: [navigation.indexes, navigation.prune]\nplugins:\n  - search:\n"
        f"      lang: zh\n{nav}{extensions}", encoding="utf-8")
    return target


def runs_of(command: list[str], cwd: Path, runs: int, before=None, env: dict | None = None) -> list[tuple[float, int]]:
    results = []
    for _ in range(runs):
        if before:
            before()
        results.append(timed(command, cwd, env))
    return results


def fmt(results: list[tuple[float, int]]) -> str:
    return " / ".join(f"{seconds:.1f}" for seconds, _ in results) + " s"


def bench(records: int, runs: int, cold: int, regenerate: bool, photos: int, engines: list[str]) -> dict:
    reuse = BENCH / f"school-{DEFAULT_RECORDS}" if records != DEFAULT_RECORDS else None
    target = school(records, reuse, regenerate, photos)
    result: dict = {"records": sum(1 for kind in ("affairs", "fees", "honors", "festivals", "regulations")
                                   for _ in (target / "data" / kind).glob("*.yml")), "engines": engines}
    if cold:
        result["cold"] = runs_of(site_build(engines[0]), target, cold, before=lambda: shutil.rmtree(target / ".cache", True))
    else:
        seed = reuse / ".cache" / "photos" if reuse else None
        if seed is not None and seed.is_dir() and not (target / ".cache" / "photos").exists():
            # The same photo files: their renditions are the other school's (entries are content-keyed).
            (target / ".cache").mkdir(exist_ok=True)
            subprocess.run(["cp", "-al", str(seed), str(target / ".cache" / "photos")], check=True)
    for engine in engines:
        timed(site_build(engine), target)  # fills the caches (and the engine's own, in its build directory)
        result[f"warm-{engine}"] = runs_of(site_build(engine), target, runs)
        result[f"edit-{engine}"] = edit_runs(target, engine, runs)
        # the engine, finish and scan over every page, caches warm: what a build costs when the
        # configuration, the code or the day changed (no record of the last publish to build on)
        result[f"full-{engine}"] = runs_of(site_build(engine), target, runs,
                                           before=lambda engine=engine: forget_last_build(target, engine))
    result["warm"] = result[f"warm-{engines[0]}"]
    result["check"] = runs_of([PY, "-m", "schoolpub", "--root", str(target), "check"], ROOT, runs)
    result.update(site_facts(target / f"site-{engines[0]}"))
    stock = stock_project(BENCH / f"stock-{records}", result["pages"], target)
    result["stock"] = runs_of([PY, "-m", "mkdocs", "build", "--quiet"], stock, runs)
    same = same_pages_project(BENCH / f"same-pages-{records}", target)
    result["same"] = runs_of([PY, "-m", "mkdocs", "build", "--quiet"], same, runs)
    result["git"] = tree_bytes(target / ".git")
    result["originals"] = tree_bytes(target / "data" / "media" / "festivals")
    return result


def site_build(engine: str) -> list[str]:
    """`make site` with one engine; each engine keeps its own build directory, as one school would."""
    return [PY, str(ROOT / "scripts" / "build_site.py"), "--engine", engine, "--site-dir", f"site-{engine}",
            "--build-dir", f".build-{engine}"]


def forget_last_build(target: Path, engine: str) -> None:
    (target / f".build-{engine}" / "last-build.json").unlink(missing_ok=True)


def edit_runs(target: Path, engine: str, runs: int) -> list[tuple[float, int]]:
    """`make site` after one record's title was edited (a disclosure: its page, the section and year
    index, the home page, feeds and open data change); the edit is undone after each run."""
    record = sorted((target / "data" / "affairs").glob("*.yml"))[len(list((target / "data" / "affairs").glob("*.yml"))) // 2]
    original = record.read_text(encoding="utf-8")
    results = []
    for number in range(runs):
        record.write_text(original.replace("\ntitle: ", f"\ntitle: （更正{number}）", 1), encoding="utf-8")
        try:
            results.append(timed(site_build(engine), target))
        finally:
            record.write_text(original, encoding="utf-8")
        if number + 1 < runs:  # the next run starts from the site as it was
            timed(site_build(engine), target)
    return results


def report(results: list[dict]) -> None:
    print("\n| measure | " + " | ".join(f"{r['records']} records" for r in results) + " |")
    print("|---|" + "---|" * len(results))

    def row(name, cell):
        print(f"| {name} | " + " | ".join(cell(r) for r in results) + " |")

    best = lambda r, key: min(seconds for seconds, _ in r[key])  # noqa: E731
    row("`make check` (each run)", lambda r: fmt(r["check"]))
    for engine in results[0]["engines"]:
        row(f"`make site` warm, nothing changed, ENGINE={engine} (each run)", lambda r: fmt(r[f"warm-{engine}"]))
        row(f"  best run, per page ({engine})",
            lambda r: f"{best(r, f'warm-{engine}') / r['pages'] * 1000:.1f} ms/page ({r['pages']} pages)")
        row(f"  ratio warm {engine} / stock (best runs)", lambda r: f"{best(r, f'warm-{engine}') / best(r, 'stock'):.2f}×")
        row(f"`make site` after a one-record edit, ENGINE={engine} (each run)", lambda r: fmt(r[f"edit-{engine}"]))
        row(f"`make site` full rebuild, caches warm, ENGINE={engine} (each run)", lambda r: fmt(r[f"full-{engine}"]))
        row(f"  ratio full rebuild {engine} / stock (best runs)", lambda r: f"{best(r, f'full-{engine}') / best(r, 'stock'):.2f}×")
        for kind in ("warm", "edit", "full"):
            row(f"  peak memory, {kind} ({engine})", lambda r, kind=kind: f"{max(kb for _, kb in r[f'{kind}-{engine}']) / 1024:.0f} MB")
    row("stock MkDocs + Material + jieba (each run)", lambda r: fmt(r["stock"]))
    row("stock, best run, per page", lambda r: f"{best(r, 'stock') / r['pages'] * 1000:.1f} ms/page")
    row("stock MkDocs + Material on our own pages (each run)", lambda r: fmt(r["same"]))
    row("ratio warm / stock on our pages (best runs)", lambda r: f"{best(r, 'warm') / best(r, 'same'):.2f}×")
    row("cold build (each run)", lambda r: fmt(r["cold"]) if "cold" in r else "not run")
    row("cold − warm: photos/s", lambda r: f"{r['photos'] / max(best(r, 'cold') - best(r, 'warm'), 1e-9):.1f} photos/s"
        if "cold" in r else "not run")
    row("largest HTML page", lambda r: f"`{r['largest'][0]}` {r['largest'][1] / 1024:.1f} KB")
    row("pages over 60 KB", lambda r: str(r["over_60k"]))
    row("search index (raw / gzip)", lambda r: f"{r['search_raw'] / 1024:.0f} KB / {r['search_gz'] / 1024:.0f} KB")
    row("site size", lambda r: f"{r['site'] / 2**20:.0f} MB")
    row("published bytes per photo", lambda r: f"{r['photo_bytes'] / max(r['photos'], 1) / 1024:.0f} KB "
                                               f"({r['photos']} photos)")
    row("originals of the photos / `.git`", lambda r: f"{r['originals'] / 2**20:.0f} MB / {r['git'] / 2**20:.0f} MB")
    row("peak memory of a warm build", lambda r: f"{max(kb for _, kb in r['warm']) / 1024:.0f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[DEFAULT_RECORDS, 5000])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--no-cold", action="store_true", help="skip the cold builds (photos encoded afresh)")
    parser.add_argument("--cold-for", type=int, nargs="*", default=[DEFAULT_RECORDS],
                        help="variants that get cold builds (the 5,000 variant reuses the same photos)")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--photos", type=int, default=33, help="photos per festival (33 in issue 12)")
    parser.add_argument("--cold-runs", type=int, help="cold builds per variant (default: --runs)")
    parser.add_argument("--engines", nargs="+", default=["mkdocs", "zensical"], help="engines to build with (make site ENGINE=…)")
    args = parser.parse_args(argv)
    results = []
    for records in sorted(args.records):
        cold = 0 if args.no_cold or records not in args.cold_for else (args.cold_runs or args.runs)
        results.append(bench(records, args.runs, cold, args.regenerate, args.photos, args.engines))
        report(results[-1:])  # each variant as soon as it is measured (a long run may be cut short)
        sys.stdout.flush()
    print(f"\n`make bench-site` — {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores "
          "(shared machine: compare ratios within this run)")
    report(results)
    if len(results) > 1:
        for kind in ("warm", "edit", "full"):
            peaks = {engine: [max(kb for _, kb in r[f"{kind}-{engine}"]) for r in results] for engine in args.engines}
            for engine, (small, *_, large) in peaks.items():
                print(f"peak memory, {kind} build, {results[-1]['records']} / {results[0]['records']} records ({engine}): "
                      f"{large / small:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
