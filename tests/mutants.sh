#!/usr/bin/env bash
# Mutation testing of the core modules with cargo-mutants (see docs/testing.md).
# Each module is mutated with only the tests that exercise it, so a run takes minutes, not
# hours. Usage:
#   bash tests/mutants.sh                 # every core module
#   bash tests/mutants.sh validate uptime # some of them (names below)
#   bash tests/mutants.sh --in-diff FILE  # only the lines a diff changed (git diff > FILE)
# Results: mutants.out/ (caught.txt, missed.txt, unviable.txt, timeout.txt), one folder per
# module under target/mutants/<module>/.
# Not a CI step: all modules take about an hour on a 2-core machine.
# Mutants are applied in place (`--in-place`) so the warm target/ folder is reused instead of
# a full build per module: run it in a clean checkout or a git worktree
# (`git worktree add ../bulletin-mutants`), never in a tree with unsaved work.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-mutants >/dev/null || cargo install --locked cargo-mutants

# module name → "files to mutate|test targets that exercise them"
declare -A modules=(
  [validate]="src/validate.rs|--test check --test every_problem --test validate_rules --test diagnostics_report --test symlinks"
  [derive]="src/derive/mod.rs src/derive/index.rs src/derive/state.rs src/derive/at.rs|--test build --test uptime --test api_status --test incremental --test feeds_content --test maintenance_phases"
  [uptime]="src/uptime.rs|--test uptime --test api_status --test component_changes --test history_model"
  [history]="src/history.rs src/content/body/changes.rs|--test component_changes --test history_model --test api_updates --test incremental"
  [api]="src/render/api/mod.rs src/render/api/components.rs src/render/api/incidents.rs src/render/api/uptime.rs|--test api_updates --test api_status --test machine --test plain_text --test uptime --test maintenance_phases"
  [feeds]="src/render/feeds/mod.rs src/render/feeds/item.rs src/render/feeds/xml.rs src/render/feeds/json.rs|--test feeds_content --test machine --test build --test plain_text"
  [output]="src/output/mod.rs src/output/guard.rs src/output/remove.rs|--test output_safety --test build --test safety --test atomic"
  [markdown]="src/markdown.rs src/markdown/urls.rs|--test raw_html --test build --test bounds --test plain_text --test csp"
  [import]="src/import/mod.rs src/import/fetch.rs src/import/html.rs src/import/text.rs src/import/write.rs src/import/record.rs src/import/report.rs src/import/cstate/mod.rs src/import/cstate/issue.rs src/import/cstate/body.rs src/import/statuspage/mod.rs src/import/statuspage/catalogue.rs src/import/statuspage/convert.rs src/import/statuspage/convert/timeline.rs src/import/statuspage/lagging.rs src/import/ids.rs src/import/read.rs|--test import --test import_hostile --test import_scaling --test import_transaction --test hostile_writes"
  [terminal]="src/terminal.rs|--test terminal"
  [notify]="src/notify/diff.rs src/notify/state.rs src/notify/events.rs src/notify/message.rs|--test notify --test notify_timed --test notify_rerun --test notify_email --test notify_config --test notify_recipe --test notify_truth"
)
order=(validate derive uptime history api feeds output markdown notify import terminal)

if [ "${1:-}" = "--in-diff" ]; then
  exec cargo mutants --in-place --in-diff "$2" -- --all-targets
fi
[ $# -gt 0 ] && order=("$@")
for name in "${order[@]}"; do
  spec=${modules[$name]:?unknown module $name (one of: ${!modules[*]})}
  files=(); for f in ${spec%%|*}; do files+=(-f "$f"); done
  # Test targets that exist in this checkout (a branch may not have them all yet).
  tests=(); for t in ${spec#*|}; do [ "$t" = --test ] || [ ! -f "tests/$t.rs" ] || tests+=(--test "$t"); done
  mkdir -p "target/mutants/$name"
  cargo mutants --in-place --no-shuffle "${files[@]}" --output "target/mutants/$name" -- --lib "${tests[@]}" || true
  echo "== $name: $(wc -l < "target/mutants/$name/mutants.out/caught.txt") caught, $(wc -l < "target/mutants/$name/mutants.out/missed.txt") missed, $(wc -l < "target/mutants/$name/mutants.out/unviable.txt") unviable, $(wc -l < "target/mutants/$name/mutants.out/timeout.txt") timeout"
done
