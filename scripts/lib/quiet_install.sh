# Shared by the scripts/install_*.sh installers (sourced, not run): quiet on
# success, the failed step's output and a clear message on failure.
# The sourcing script sets SCRIPT_NAME first.

LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT

fail() {
    echo "$SCRIPT_NAME: $1" >&2
    if [ -s "$LOG" ]; then
        echo "--- output of the failed step ---" >&2
        tail -n 40 "$LOG" >&2
    fi
    exit 1
}

# Runs "$@" with its output kept in $LOG (shown only on failure).
quietly() {
    "$@" >"$LOG" 2>&1 </dev/null
}

# apt needs root: as root directly, else password-less sudo, else a clear refusal.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        quietly env DEBIAN_FRONTEND=noninteractive "$@"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        quietly sudo -n env DEBIAN_FRONTEND=noninteractive "$@"
    else
        fail "need root to run: $* (run this script as root, or install the packages by hand)"
    fi
}

# npm tools pinned in a folder's package-lock.json: `npm ci` there when the
# installed version (node_modules/.package-lock.json) is not the pinned one,
# after someone bumped the pin or on a fresh clone.
# Usage: ensure_npm_pinned DIR PACKAGE FILE_THAT_MUST_EXIST [extra npm ci flags…]
pinned_version() {  # PACKAGE LOCKFILE → the version the lock file records for it
    node -e 'const l=require(process.argv[2]);process.stdout.write((l.packages&&l.packages["node_modules/"+process.argv[1]]||{}).version||"")' "$1" "$2" 2>/dev/null || true
}

ensure_npm_pinned() {
    local dir=$1 package=$2 marker=$3
    shift 3
    local want have=""
    want=$(pinned_version "$package" "$PWD/$dir/package-lock.json")
    [ -n "$want" ] || fail "$dir/package-lock.json does not pin $package"
    [ -f "$marker" ] && have=$(pinned_version "$package" "$PWD/$dir/node_modules/.package-lock.json")
    if [ "$have" != "$want" ]; then
        (cd "$dir" && quietly npm ci "$@" --no-audit --no-fund --loglevel=error) \
            || fail "npm ci in $dir failed (is the npm registry reachable?)"
        [ -f "$marker" ] || fail "npm ci succeeded but $marker is missing"
    fi
}
