#!/usr/bin/env bash
# The gates every change passes before anything is published. Called by the
# workflows (.github/workflows/check.yml on pull requests, publish.yml before
# deploying; the same pair in .gitea/workflows for Forgejo and Gitea) and by
# the tests, so CI and a laptop run exactly the same steps:
#
#   1. 数据检查  `make check`: every problem with file and line (inside GitHub
#                Actions also as ::error annotations on the changed YAML lines)
#   2. 生成网站  `make site`: render, strict engine build into .build/, finish, the privacy scan
#                of the output, and only then site/ is replaced
#   3. 链接检查  scripts/check_links.py: every internal link and #anchor of the
#                generated HTML resolves
#
# Stops at the first failing gate (nothing after it runs) and ends with one
# Chinese summary line; exit status 0 only when every gate passed.
#
# Set-up: by default the Makefile creates .venv on first use (that is what CI
# does). With VENV=/path/to/venv the gates run with that virtualenv's python
# directly and make is not needed (the tests run a copy of the project that way).
set -uo pipefail
cd "$(dirname "$0")/.."

if [ -n "${VENV:-}" ]; then
    PY="$VENV/bin/python"
    if [ ! -x "$PY" ]; then
        echo "ci_gates.sh: $PY 不存在（VENV=$VENV）。" >&2
        exit 2
    fi
    gate_check() { "$PY" -m schoolpub check; }
    gate_site() { "$PY" scripts/build_site.py; }
else
    PY=.venv/bin/python
    # The Makefile's set-up (.venv with the pinned dependencies, and the browser
    # editor's pinned bundle that `make site` publishes under /admin/) runs first,
    # on its own: a failed download is not a problem in the school's data.
    setup() { make --no-print-directory .venv/.installed editor-bundle; }
    gate_check() { make --no-print-directory check; }
    gate_site() { make --no-print-directory site; }
fi
gate_links() { "$PY" scripts/check_links.py site; }

GATES=(check site links)
declare -A LABEL=([check]="数据检查" [site]="生成网站" [links]="链接检查")

# Seconds since $1 (an $EPOCHREALTIME), one decimal.
elapsed() {
    local now=${EPOCHREALTIME/[.,]/} then=${1/[.,]/}
    local tenths=$(((now - then) / 100000))
    echo "$((tenths / 10)).$((tenths % 10))"
}
started=$EPOCHREALTIME

# One line for the log, and for the run's summary page on GitHub.
summary() {
    echo "$1"
    if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
        echo "$1" >>"$GITHUB_STEP_SUMMARY"
    fi
}

# Ends the run: an annotation in GitHub Actions, the summary line, exit 1.
# Forgejo and Gitea set GITHUB_ACTIONS=true too but show `::error` raw: plain lines only there.
stop() {
    if [ "${GITHUB_ACTIONS:-}" = "true" ] && [ "${FORGEJO_ACTIONS:-}" != "true" ] && [ "${GITEA_ACTIONS:-}" != "true" ]; then
        echo "::error title=$1::$2"
    fi
    summary "❌ $2" >&2
    exit 1
}

if declare -F setup >/dev/null; then
    echo "==> 准备环境（make 安装依赖，首次较慢）"
    setup_started=$EPOCHREALTIME
    if ! setup; then
        stop "准备环境失败" "准备环境失败（安装依赖出错），这不是数据的问题，网站不会发布。请重新运行；仍然失败请联系网站维护人员。"
    fi
    echo "    准备环境完成（$(elapsed "$setup_started") 秒）"
fi

for index in "${!GATES[@]}"; do
    gate=${GATES[$index]}
    number=$((index + 1))
    label=${LABEL[$gate]}
    echo "==> 第 ${number}/${#GATES[@]} 项：${label}"
    gate_started=$EPOCHREALTIME
    "gate_$gate"
    status=$?
    if [ "$status" -ne 0 ]; then
        stop "${label}没有通过" "检查没有通过：第 ${number} 项“${label}”失败（退出码 ${status}），后面的检查没有运行，网站不会发布。请按上面的提示修改后重新提交。"
    fi
    echo "    ${label}通过（$(elapsed "$gate_started") 秒）"
done

summary "✅ 全部检查通过：数据检查、生成网站、链接检查（共 $(elapsed "$started") 秒）。网站在 site/，可以发布。"
