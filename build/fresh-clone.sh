#!/usr/bin/env bash
# The newcomer's path, checked: clones this repository (its committed state) into an empty folder with no
# ../shared beside it, installs from the npm registry (the only network it uses), then runs the README's
# two commands with no network at all (`unshare -n`, loopback only): `npm start` until the app answers
# on 127.0.0.1, then `npm test`. Needs root (or user namespaces) for unshare. Prints the times.
set -euo pipefail
source_repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/taxonomist-fresh-XXXXXX)
trap 'rm -rf "$work"' EXIT
git clone -q "$source_repo" "$work/taxonomist"
cd "$work/taxonomist"
[ ! -e ../shared ] || { echo "fresh-clone: $work/shared exists" >&2; exit 1; }

t0=$(date +%s)
node build/setup.mjs
t1=$(date +%s)
echo "== install (npm registry): $((t1 - t0)) s"

unshare -n env -u CI bash -euo pipefail -c '
  set -m
  ip link set lo up
  export TAXONOMIST_DATA_DIR=$PWD/.data TAXONOMIST_CONFIG_DIR=$PWD/.config
  t0=$(date +%s)
  npm start > start.log 2>&1 &
  pid=$!
  url=""
  for _ in $(seq 1 1200); do
    url=$(grep -o "http://127\.0\.0\.1:[0-9]*/[^ ]*" start.log | head -1 || true)
    [ -n "$url" ] && break
    kill -0 $pid 2>/dev/null || { cat start.log; echo "npm start ended early" >&2; exit 1; }
    sleep 1
  done
  [ -n "$url" ] || { cat start.log; echo "npm start never served the app" >&2; exit 1; }
  t1=$(date +%s)
  curl -sf -o /dev/null "$url"
  echo "== npm start: app answering at ${url%%\?*} after $((t1 - t0)) s"
  ls .data/sample.taxonomy.md .data/sample.assignments.csv
  grep -c "^\.\.\. " .data/sample.taxonomy.md | sed "s/^/== topics in the exported outline: /"
  kill -- -$pid; wait $pid 2>/dev/null || true
  t2=$(date +%s)
  npm start > restart.log 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do grep -q "127\.0\.0\.1" restart.log && break; sleep 1; done
  echo "== second npm start: serving after $(( $(date +%s) - t2 )) s"
  kill -- -$pid; wait $pid 2>/dev/null || true
  t3=$(date +%s)
  npm test 2>&1 | tail -8
  echo "== npm test: $(( $(date +%s) - t3 )) s"
'
