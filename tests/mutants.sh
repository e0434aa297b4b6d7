#!/usr/bin/env bash
# Mutation testing of the core modules with cargo-mutants (see docs/testing.md).
# A module is named by its path under src/ (`validate`, `render/api`, `notify`): its files
# (src/<module>.rs and everything under src/<module>/) are mutated, and only the tests under
# the same module path run against each mutant — the unit tests in src/<module> and the suite's
# tests/suite/<module>/ (`cargo test --lib --test suite -- <module>::`; the suite's modules
# mirror src/, so there is no map to keep). A run takes minutes, not hours. Usage:
#   bash tests/mutants.sh                          # every core module (list below)
#   bash tests/mutants.sh validate render/api      # some modules, by path under src/
#   bash tests/mutants.sh derive -- uptime:: oracle::   # more test modules for this run
#   bash tests/mutants.sh --in-diff FILE           # only the lines a diff changed (git diff > FILE)
# Results: mutants.out/ (caught.txt, missed.txt, unviable.txt, timeout.txt), one folder per
# module under target/mutants/<module>/ (`/` written as `-`).
# Not a CI step: all modules take about an hour on a 2-core machine.
# Mutants are applied in place (`--in-place`) so the warm target/ folder is reused instead of
# a full build per module: run it in a clean checkout or a git worktree
# (`git worktree add ../bulletin-mutants`), never in a tree with unsaved work.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-mutants >/dev/null || cargo install --locked cargo-mutants

# The core modules a plain `bash tests/mutants.sh` runs, by path under src/.
order=(validate derive uptime history render/api render/feeds output markdown notify import terminal)

if [ "${1:-}" = "--in-diff" ]; then
  exec cargo mutants --in-place --in-diff "$2" -- --lib --test suite
fi
extra=()
if [ $# -gt 0 ]; then
  order=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do order+=("$1"); shift; done
  [ $# -gt 0 ] && shift && extra=("$@")
fi
for module in "${order[@]}"; do
  module=${module%/}
  files=()
  [ -f "src/$module.rs" ] && files+=(-f "src/$module.rs")
  if [ -d "src/$module" ]; then
    while IFS= read -r f; do files+=(-f "$f"); done < <(find "src/$module" -name '*.rs' ! -name tests.rs | sort)
  fi
  [ ${#files[@]} -gt 0 ] || { echo "no src/$module.rs or src/$module/" >&2; exit 2; }
  # The module path as the tests name it: render/api → render::api::, matching
  # bulletin::render::api's unit tests and tests/suite/render/api/.
  filter="${module//\//::}::"
  out="target/mutants/${module//\//-}"
  mkdir -p "$out"
  cargo mutants --in-place --no-shuffle "${files[@]}" --output "$out" \
    -- --lib --test suite -- "$filter" "${extra[@]}" || true
  echo "== $module: $(wc -l < "$out/mutants.out/caught.txt") caught, $(wc -l < "$out/mutants.out/missed.txt") missed, $(wc -l < "$out/mutants.out/unviable.txt") unviable, $(wc -l < "$out/mutants.out/timeout.txt") timeout"
done
