# Two commands do all set-up on a fresh clone: `make site` and `make test`.
# Every target creates .venv and installs the pinned dependencies on first use.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
KIND   ?=

.PHONY: portal init site preview serve edit editor-bundle check test bench bench-photos bench-site bench-check bench-import bench-history bench-portal photos new schema guide hooks clean lighthouse template import export

$(STAMP): requirements.txt requirements-dev.txt requirements-browser.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

## portal: the district portal (portal.yml: the schools, the district's rules) into portal-site/: every
## school's fee notices from its open data, checked against the fee rules; a school that cannot be read is shown so
portal: $(STAMP)
	$(PY) -m schoolpub portal portal.yml

## check: validate data/ only (fast); every problem with file:line, in Chinese
check: $(STAMP)
	$(PY) -m schoolpub check

## editor-bundle: the pinned browser editor (Decap CMS, decap-server) in tools/decap/ (npm ci on first use)
editor-bundle:
	@scripts/install_editor.sh

## site: check → render (.build/render/) → engine build --strict → finish → scan → site/; ENGINE=mkdocs (default),
## properdocs or zensical; a failed step leaves site/ as it was
site: $(STAMP) editor-bundle
	$(PY) scripts/build_site.py

## preview: build, then site-preview/: a copy of site/ that opens by double-clicking its index.html
## (file://, no server needed; the same copy is the pull request's "site-preview" artifact); never published
preview: site
	$(PY) -m schoolpub preview

## serve: live preview on http://127.0.0.1:8000, rendered again when data/ or docs/ changes (ENGINE=zensical…)
serve: check editor-bundle
	$(PY) scripts/serve.py --dev-addr 127.0.0.1:8000

## edit: the browser editor on this computer only: live preview + decap-server on 127.0.0.1;
## prints the address to open (http://127.0.0.1:8000/admin/); Ctrl-C stops both
edit: check editor-bundle
	$(PY) scripts/edit.py

## test: the whole test suite, real-browser tests included (installs Debian's chromium
## and the pinned axe-core when missing); pytest exits non-zero when no test ran
test: $(STAMP)
	scripts/install_browser_deps.sh
	scripts/install_ci_tools.sh
	scripts/install_editor.sh
	$(PY) -m pytest

## lighthouse: build, serve on 127.0.0.1, Lighthouse (pinned in tools/lighthouse) on the home page, a fee
## notice, a festival and a regulation; fails below SEO/accessibility/best practices 100 or performance 90
lighthouse: site
	@test -x tools/lighthouse/node_modules/.bin/lighthouse || (cd tools/lighthouse && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
	$(PY) scripts/lighthouse.py

## bench: time `make check` on the demo and on ~1,000 records; fails if the demo is not under 1 s
bench: $(STAMP)
	$(PY) scripts/bench.py

## bench-import: time make import of a 1,000-row honours list into a copy of the demo; then each spreadsheet
## bomb (tests/sheet_bombs.py) in a fresh process: peak memory, seconds, message (BENCH_ARGS=--src DIR compares)
bench-import: $(STAMP)
	$(PY) scripts/bench_import.py $(BENCH_ARGS)

## bench-photos: photos per second on twelve 12-megapixel JPEGs (cold and cached), bytes saved
bench-photos: $(STAMP)
	$(PY) scripts/bench_photos.py

## bench-history: revision histories (history.py) of the ten-year school with a synthetic ten-year git history, cold and warm
bench-history: $(STAMP)
	$(PY) scripts/make_bench_school.py .bench/history-928 --photos 2 --size 320x240
	$(PY) scripts/make_bench_history.py .bench/history-928
	$(PY) scripts/bench_history.py .bench/history-928

## bench-site: the synthetic ten-year school (and 5,000 records) under .bench/: check, cold and warm
## builds, page and search-index sizes, stock MkDocs + Material for the ratio. Not part of make test.
bench-site: $(STAMP)
	$(PY) scripts/bench_site.py $(BENCH_ARGS)

## bench-check: `make check` of the ten-year school (.bench/, ~1,000 records): cold, warm, one record edited (target: warm ≤ 1 s)
bench-check: $(STAMP)
	$(PY) scripts/bench_check.py $(BENCH_ARGS)

## bench-portal: 200 synthetic schools' open data served by one HTTP server on 127.0.0.1: the portal's
## read of every school cold (downloads) and warm (304 from the last good copy), peak memory. Not part of make test.
bench-portal: $(STAMP)
	$(PY) scripts/bench_portal.py $(BENCH_ARGS)

## photos: shrink oversized photo originals in data/media/ in place (longest side 2400 px, upright, no metadata)
photos: $(STAMP)
	$(PY) -m schoolpub photos

## init: the demo school → an empty school of one's own: asks (in a terminal) or takes flags, e.g.
## make init ARGS="--name 示例市第一中学 --phone 校长办公室=0571-88001234 …"; refuses to delete data that
## is not the demo's unless --force
init: $(STAMP)
	$(PY) -m schoolpub init $(ARGS)

## new: a new record file from a commented template, e.g. make new KIND=fees
new: $(STAMP)
	@test -n "$(KIND)" || { echo "请指定类型，例如 make new KIND=fees（affairs、fees、honors、festivals、regulations）"; exit 2; }
	$(PY) -m schoolpub new $(KIND)

## template: an Excel template to fill in, e.g. make template KIND=honors [OUT=file-or-folder];
## written to spreadsheets/ by default (gitignored: filled lists of pupils stay off git)
template: $(STAMP)
	@test -n "$(KIND)" || { echo "请指定类型，例如 make template KIND=honors（school、affairs、fees、honors、festivals、regulations）"; exit 2; }
	$(PY) -m schoolpub template "$(KIND)" $(if $(OUT),--out "$(OUT)")

## import: a filled template (.xlsx, or .csv in UTF-8 or GBK) → data/<type>/<id>.yml, checked like
## make check; nothing is written on any error; OVERWRITE=1 replaces an existing record
import: $(STAMP)
	@test -n "$(FILE)" || { echo "请指定文件，例如 make import FILE=spreadsheets/荣誉榜-模板.xlsx"; exit 2; }
	$(PY) -m schoolpub import "$(FILE)" $(if $(KIND),--kind "$(KIND)") $(if $(ID),--id "$(ID)") $(if $(OVERWRITE),--overwrite)

## export: a record back into its template, e.g. make export KIND=fees ID=2025-autumn [OUT=…]
export: $(STAMP)
	@test -n "$(KIND)" || { echo "请指定类型和编号，例如 make export KIND=fees ID=2025-autumn"; exit 2; }
	$(PY) -m schoolpub export "$(KIND)" $(if $(ID),"$(ID)") $(if $(OUT),--out "$(OUT)")

## schema: regenerate schemas/*.schema.json after changing a model
schema: $(STAMP)
	$(PY) -m schoolpub schema

## guide: regenerate the staff editing guide STAFF-GUIDE.zh-CN.md from the models
guide: $(STAMP)
	$(PY) -m schoolpub guide

## hooks: check data before every commit on this machine (an ID number pushed once stays public)
hooks: $(STAMP)
	git config core.hooksPath scripts/git-hooks
	@echo "已启用提交前检查。"

clean:
	rm -rf site site-preview .build
