#!/usr/bin/env bash
# Installs the browser editor (/admin/) into tools/decap/: Decap CMS (its bundle is
# published by `schoolpub render`) and decap-server (the local backend of `make edit`
# and tests/browser/test_editor.py), both pinned in tools/decap/package-lock.json
# (npm ci; node_modules is never committed: ~390 MB, ~1 min to install).
# `make site`, `make serve`, `make edit` and `make test` run it first.
# Idempotent and quiet: prints nothing when everything is already there or was
# installed; on failure prints what failed, the tool's output, and exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."

DIR=tools/decap
SCRIPT_NAME=install_editor.sh
# shellcheck source=lib/quiet_install.sh
. scripts/lib/quiet_install.sh

if ! command -v npm >/dev/null 2>&1; then
    command -v apt-get >/dev/null 2>&1 || fail "npm is missing and there is no apt-get on this machine; install Node.js 20 and npm by hand"
    as_root apt-get update || fail "apt-get update failed (needed to install npm)"
    as_root apt-get install -y --no-install-recommends npm || fail "apt-get install npm failed"
fi

# No install scripts run: the bundle is prebuilt, and decap-server is plain JavaScript.
ensure_npm_pinned "$DIR" decap-cms "$DIR/node_modules/decap-cms/dist/decap-cms.js" --ignore-scripts
ensure_npm_pinned "$DIR" decap-server "$DIR/node_modules/decap-server/dist/index.js" --ignore-scripts
