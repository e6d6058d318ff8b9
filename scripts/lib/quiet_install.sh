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
