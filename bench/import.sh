#!/usr/bin/env bash
# Benchmark of `bulletin import statuspage`: a synthetic page of N incidents (default 10000,
# examples/gen_statuspage.rs) imported into an empty folder (the command includes its closing
# `check`), then the imported site built. Prints wall and CPU seconds and peak memory of each.
# Usage: bash bench/import.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
dir=${BENCH_DIR:-/tmp/bulletin-bench}
target=${CARGO_TARGET_DIR:-target}
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)"; exit 2; }

cargo build --release --quiet --example gen_statuspage
cargo build --release --quiet
bin=$target/release/bulletin

src="$dir/statuspage-$n"
[ -f "$src/incidents.json" ] || "$target/release/examples/gen_statuspage" "$n" "$src" >/dev/null

timed() {
  local log; log=$(mktemp)
  /usr/bin/time -f "%e %U %S %M" -o "$log" "$@" >/dev/null 2>&1 || { echo "failed: $*"; exit 1; }
  read -r wall user sys rss < "$log"; rm -f "$log"
  echo "$wall $(awk "BEGIN{print $user+$sys}") $((rss / 1024))"
}

echo "| step | incidents | wall s | CPU s | peak RSS MB |"
echo "|---|---:|---:|---:|---:|"
for run in 1 2; do
  site="$dir/imported-$n"
  rm -rf "$site"
  read -r wall cpu rss <<< "$(timed "$bin" import statuspage "$src" --into "$site")"
  echo "| import (run $run) | $n | $wall | $cpu | $rss |"
done
read -r wall cpu rss <<< "$(timed "$bin" import statuspage "$src" --into "$site")"
echo "| re-import, nothing new | $n | $wall | $cpu | $rss |"
read -r wall cpu rss <<< "$(timed "$bin" build --root "$site" --now "2026-11-23 12:00")"
echo "| build the imported site | $n | $wall | $cpu | $rss |"
