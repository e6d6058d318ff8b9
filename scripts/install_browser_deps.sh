#!/usr/bin/env bash
# Installs what the real-browser tests (tests/browser/) need beyond the Python
# packages in requirements-browser.txt:
#   - Debian's chromium (+ fonts-noto-cjk so Chinese renders in screenshots and
#     PDFs). Never `playwright install`: the tests launch /usr/bin/chromium.
#   - axe-core from npm, pinned in tests/browser/package-lock.json (npm ci).
# Idempotent and quiet: prints nothing when everything is already there or was
# installed; on failure prints what failed, the tool's output, and exits 1.
# Runs unattended (CI=true, no stdin); apt needs root (or password-less sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

BROWSER_DIR=tests/browser
AXE=$BROWSER_DIR/node_modules/axe-core/axe.min.js
SCRIPT_NAME=install_browser_deps.sh
# shellcheck source=lib/quiet_install.sh
. scripts/lib/quiet_install.sh

apt_packages=()
[ -x /usr/bin/chromium ] || apt_packages+=(chromium fonts-noto-cjk)
command -v npm >/dev/null 2>&1 || apt_packages+=(npm)

if [ ${#apt_packages[@]} -gt 0 ]; then
    command -v apt-get >/dev/null 2>&1 \
        || fail "missing ${apt_packages[*]} and no apt-get on this machine; install them by hand (Chromium at /usr/bin/chromium)"
    as_root apt-get update \
        || fail "apt-get update failed (needed to install ${apt_packages[*]})"
    as_root apt-get install -y "${apt_packages[@]}" \
        || fail "apt-get install ${apt_packages[*]} failed"
    [ -x /usr/bin/chromium ] || fail "apt-get installed chromium but /usr/bin/chromium is still missing"
fi

# axe-core, pinned in the browser tests' package-lock.json.
ensure_npm_pinned "$BROWSER_DIR" axe-core "$AXE"
