#!/usr/bin/env bash
# Benchmarks: full builds at 1k, 10k and 100k incidents (wall, CPU, peak memory) and the
# one-file incremental rebuild of `serve` at 10k. Usage: bash bench/run.sh [sizes...]
# Corpora are generated (deterministically) under $BENCH_DIR (default /tmp/bulletin-bench);
# output goes to a tmpfs when one is available, so the disk does not dominate the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000 10000 100000}")
dir=${BENCH_DIR:-/tmp/bulletin-bench}
out_base=/dev/shm
[ -d "$out_base" ] && [ -w "$out_base" ] || out_base=$dir
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)"; exit 2; }

cargo build --release --quiet --examples
cargo build --release --quiet
bin=target/release/bulletin

echo "| incidents | wall s | CPU s (user+sys) | peak RSS MB | files |"
echo "|---:|---:|---:|---:|---:|"
for n in ${sizes[@]}; do
  site="$dir/site-$n"
  [ -f "$site/bulletin.yaml" ] || target/release/examples/gen_corpus "$n" "$site" >/dev/null 2>&1
  out="$out_base/bulletin-bench-out-$n"
  rm -rf "$out"
  # Best of three runs (the first also warms the page cache).
  best=""
  for _ in 1 2 3; do
    log=$(mktemp)
    /usr/bin/time -f "%e %U %S %M" -o "$log" "$bin" build --root "$site" --output "$out" --now "2026-11-23 12:00" >/dev/null
    read -r wall user sys rss < "$log"; rm -f "$log"
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < ${best%% *})}"; then
      best="$wall $(awk "BEGIN{print $user+$sys}") $((rss / 1024))"
    fi
  done
  files=$(find "$out" -type f | wc -l)
  read -r wall cpu rss <<< "$best"
  echo "| $n | $wall | $cpu | $rss | $files |"
  rm -rf "$out"
done
echo
if [ -d "$dir/site-10000" ] || [[ " ${sizes[*]} " == *" 10000 "* ]]; then
  [ -f "$dir/site-10000/bulletin.yaml" ] || target/release/examples/gen_corpus 10000 "$dir/site-10000" >/dev/null 2>&1
  target/release/examples/bench_rebuild "$dir/site-10000" 20
fi
