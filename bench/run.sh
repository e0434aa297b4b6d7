#!/usr/bin/env bash
# Benchmarks: full builds at 1k, 10k and 100k incidents (wall, CPU, peak memory), into an
# empty output folder and over the previous build, and the one-file incremental rebuild of
# `serve` at 10k. Usage: bash bench/run.sh [sizes...]
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

# One timed build: prints "wall cpu rss_mb".
timed() {
  local log; log=$(mktemp)
  /usr/bin/time -f "%e %U %S %M" -o "$log" "$bin" build --root "$1" --output "$2" --now "2026-11-23 12:00" >/dev/null 2>&1
  read -r wall user sys rss < "$log"; rm -f "$log"
  echo "$wall $(awk "BEGIN{print $user+$sys}") $((rss / 1024))"
}
# The faster of two runs of "$@" (timed args).
best_of_two() {
  local a b; a=$(timed "$@"); b=$(timed "$@")
  if awk "BEGIN{exit !(${a%% *} <= ${b%% *})}"; then echo "$a"; else echo "$b"; fi
}

echo "| incidents | into empty folder: wall s | CPU s | replacing last build: wall s | CPU s | peak RSS MB | files |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for n in ${sizes[@]}; do
  site="$dir/site-$n"
  [ -f "$site/bulletin.yaml" ] || target/release/examples/gen_corpus "$n" "$site" >/dev/null 2>&1
  out="$out_base/bulletin-bench-out-$n"
  # Warm the page cache with the sources first, so neither column pays for the disk.
  rm -rf "$out"; timed "$site" "$out" >/dev/null
  cold_a=$(rm -rf "$out"; timed "$site" "$out")
  cold_b=$(rm -rf "$out"; timed "$site" "$out")
  if awk "BEGIN{exit !(${cold_a%% *} <= ${cold_b%% *})}"; then cold=$cold_a; else cold=$cold_b; fi
  # A rebuild over the previous output: unchanged files are linked, the old site removed.
  warm=$(best_of_two "$site" "$out")
  files=$(find "$out" -type f | wc -l)
  read -r cwall ccpu crss <<< "$cold"
  read -r wwall wcpu wrss <<< "$warm"
  echo "| $n | $cwall | $ccpu | $wwall | $wcpu | $(( crss > wrss ? crss : wrss )) | $files |"
  rm -rf "$out"
done
echo
if [ -d "$dir/site-10000" ] || [[ " ${sizes[*]} " == *" 10000 "* ]]; then
  [ -f "$dir/site-10000/bulletin.yaml" ] || target/release/examples/gen_corpus 10000 "$dir/site-10000" >/dev/null 2>&1
  target/release/examples/bench_rebuild "$dir/site-10000" 20
fi
# The same 10k corpus published in two languages (issue 28: at most 2.2× the one-language wall).
if [[ " ${sizes[*]} " == *" 10000 "* ]]; then
  site="$dir/site-10000-two"; out="$out_base/bulletin-bench-out-10000-two"
  [ -f "$site/bulletin.yaml" ] || target/release/examples/gen_corpus 10000 "$site" --languages en,zh-CN >/dev/null 2>&1
  rm -rf "$out"; timed "$site" "$out" >/dev/null
  read -r twall tcpu trss <<< "$(rm -rf "$out"; timed "$site" "$out")"
  echo "two languages, 10000 incidents, into empty folder: wall $twall s, CPU $tcpu s, peak RSS $trss MB"
  rm -rf "$out"
fi
