#!/usr/bin/env bash
# Prepares a fresh job container for the Forgejo/Gitea workflows (.gitea/workflows/),
# which run in a plain Debian image with Python (python:3.11-bookworm by default),
# not in GitHub's fully loaded runner:
#   - APT_MIRROR (optional, e.g. https://mirrors.tuna.tsinghua.edu.cn): the container's
#     Debian sources (deb.debian.org, security.debian.org) are pointed at that mirror, so
#     every apt-get after this (here, scripts/install_editor.sh's npm) uses it
#   - tzdata when /usr/share/zoneinfo/Asia/Shanghai is missing: without it TZ=Asia/Shanghai
#     is silently UTC, and "today" (正在公示) would be yesterday until 08:00
#   - make (the gates call it); rsync + ssh when PUBLISH_TARGET=rsync, the AWS CLI when s3
# pip and npm need nothing here: they read PIP_INDEX_URL / NPM_CONFIG_REGISTRY from the
# environment (the workflows set them from the repository variables). npm itself is
# installed by scripts/install_editor.sh when missing.
# Idempotent; quiet on success. APT_ROOT (default: /) is for the tests.
set -euo pipefail
cd "$(dirname "$0")/.."

ROOT=${APT_ROOT:-}
SCRIPT_NAME=ci_prepare_container.sh
# shellcheck source=lib/quiet_install.sh
. scripts/lib/quiet_install.sh

# deb.debian.org/debian → $APT_MIRROR/debian, security.debian.org/debian-security →
# $APT_MIRROR/debian-security (the layout of every Debian mirror: TUNA, USTC, Aliyun…).
use_apt_mirror() {
    local mirror=${1%/} file changed=0
    case "$mirror" in
        http://* | https://*) ;;
        *) fail "APT_MIRROR=$mirror is not an http(s) address (e.g. https://mirrors.tuna.tsinghua.edu.cn)" ;;
    esac
    for file in "$ROOT"/etc/apt/sources.list "$ROOT"/etc/apt/sources.list.d/*.sources "$ROOT"/etc/apt/sources.list.d/*.list; do
        [ -f "$file" ] || continue
        sed -i -E \
            -e "s#https?://deb\.debian\.org/#${mirror}/#g" \
            -e "s#https?://security\.debian\.org/debian-security#${mirror}/debian-security#g" \
            "$file"
        changed=1
    done
    [ "$changed" -eq 1 ] || fail "APT_MIRROR is set but there are no apt sources under $ROOT/etc/apt"
    echo "Debian 软件源：$mirror"
}

if [ -n "${APT_MIRROR:-}" ]; then
    use_apt_mirror "$APT_MIRROR"
fi
[ -z "$ROOT" ] || exit 0  # tests stop here: nothing is installed into a fake root

apt_packages=()
[ -e /usr/share/zoneinfo/Asia/Shanghai ] || apt_packages+=(tzdata)
command -v make >/dev/null 2>&1 || apt_packages+=(make)
if [ "${PUBLISH_TARGET:-}" = rsync ]; then
    command -v rsync >/dev/null 2>&1 || apt_packages+=(rsync)
    command -v ssh >/dev/null 2>&1 || apt_packages+=(openssh-client)
fi
# PUBLISH_TARGET=s3 needs nothing more: scripts/publish_static.sh uploads with boto3 from .venv.
if [ ${#apt_packages[@]} -gt 0 ]; then
    command -v apt-get >/dev/null 2>&1 || fail "missing ${apt_packages[*]} and no apt-get in this image"
    as_root apt-get update || fail "apt-get update failed (needed for ${apt_packages[*]}; set APT_MIRROR?)"
    as_root apt-get install -y --no-install-recommends "${apt_packages[@]}" \
        || fail "apt-get install ${apt_packages[*]} failed"
fi
