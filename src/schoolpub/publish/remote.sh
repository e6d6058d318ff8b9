#!/bin/sh
# The release operations on the web server (run there over ssh, or here for a local
# directory): `sh -s -- OP BASE [NAME…]` with this script on standard input.
# Python (schoolpub/publish/releases.py) decides the names; this script only acts.
#
#   BASE/releases/<name>/   one complete site each
#   BASE/current            symlink → releases/<name>: what nginx serves (root BASE/current)
#
#   state             print "release NAME" per release and "current NAME" (or "current-is-not-a-link")
#   prepare           create BASE/releases, remove half-uploaded releases (*.partial) of failed runs
#   activate NAME     releases/NAME.partial → releases/NAME, then switch current to it
#   switch NAME       switch current to the existing releases/NAME (rollback)
#   remove NAME…      delete old releases (never the current one)
#
# The switch is one rename(2) of a new symlink over `current`: a request is served
# entirely from the old release or entirely from the new one.
set -eu
op=$1
base=$2
shift 2
releases=$base/releases

current_name() {
    target=$(readlink "$base/current" 2>/dev/null) || return 0
    basename "$target"
}

switch_to() {
    link="$base/.current.$$"
    rm -f "$link"
    ln -s "releases/$1" "$link"
    mv -T "$link" "$base/current"
}

case $op in
state)
    [ -d "$releases" ] || exit 0
    for entry in "$releases"/*; do
        if [ -d "$entry" ] && [ ! -L "$entry" ]; then printf 'release %s\n' "$(basename "$entry")"; fi
    done
    if [ -L "$base/current" ]; then
        printf 'current %s\n' "$(current_name)"
    elif [ -e "$base/current" ]; then
        echo "current-is-not-a-link"
    fi
    ;;
prepare)
    mkdir -p "$releases"
    for entry in "$releases"/*.partial; do
        if [ -e "$entry" ]; then rm -rf "$entry"; fi
    done
    ;;
activate)
    mv "$releases/$1.partial" "$releases/$1"
    switch_to "$1"
    ;;
switch)
    [ -d "$releases/$1" ] || { echo "no release $1" >&2; exit 1; }
    switch_to "$1"
    ;;
remove)
    live=$(current_name)
    for name in "$@"; do
        if [ "$name" != "$live" ]; then rm -rf "${releases:?}/$name"; fi
    done
    ;;
*)
    echo "unknown operation $op" >&2
    exit 2
    ;;
esac
