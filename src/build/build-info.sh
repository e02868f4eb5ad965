#!/usr/bin/env bash
# Writes the build's identity as Maven filter properties (git.commit), for the --version text: the commit of
# the checkout being built, "+dirty" when tracked files differ from it, "unknown" outside a git checkout (a
# source tarball; one unpacked inside some other repository's work tree does not take that repository's commit).
# usage: build-info.sh BASEDIR OUT_FILE
set -uo pipefail
basedir="$1"
out="$2"
commit=unknown
top="$(git -C "$basedir" rev-parse --show-toplevel 2>/dev/null)"
if [ -n "$top" ] && [ "$top" -ef "$basedir" ]; then
  if head="$(git -C "$basedir" rev-parse --short=12 HEAD 2>/dev/null)"; then
    commit="$head"
    if ! git -C "$basedir" diff --quiet HEAD -- 2>/dev/null; then commit="$commit+dirty"; fi
  fi
fi
mkdir -p "$(dirname "$out")"
printf 'git.commit=%s\n' "$commit" > "$out"
