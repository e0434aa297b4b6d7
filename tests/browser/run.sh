#!/usr/bin/env bash
# Checks the generated pages with real tools: the Nu HTML Checker (vnu-jar, Java) on every
# page, an offline link check, and axe-core's WCAG 2.1 A/AA rules plus desktop and phone
# screenshots in Debian's Chromium (playwright-core; no browser is downloaded).
# Needs: chromium (+ fonts-noto-cjk), java, node/npm — .ci/run installs them.
# Usage: bash tests/browser/run.sh [screenshot-dir]
set -euo pipefail
cd "$(dirname "$0")/../.."
shots=${1:-target/screenshots}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
cargo build --quiet
bin=target/debug/bulletin
# The default site during the outage (so the active-incident layout is checked) and after it,
# and the English example with an ongoing incident and upcoming maintenance.
"$bin" build --output "$work/default-during" --now "2023-03-29 04:30" >/dev/null 2>&1
"$bin" build --output "$work/default" --now "2026-11-23 12:00" >/dev/null 2>&1
"$bin" build --root examples/acme --output "$work/acme" --now "2026-11-23 12:00" >/dev/null 2>&1
sites=("$work/default-during" "$work/default" "$work/acme")

passed=0; failed=0
step() { # name, command...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $name"; else failed=$((failed + 1)); echo "FAIL $name"; fi
}
step "Nu HTML Checker: every page, no errors" \
  java -jar tests/browser/node_modules/vnu-jar/build/dist/vnu.jar --errors-only --skip-non-html "${sites[@]}"
for s in "${sites[@]}"; do
  step "links and anchors: $(basename "$s")" python3 tests/tools/check_links.py "$s"
done
step "axe-core WCAG 2.1 A/AA in Chromium, screenshots" node tests/browser/check.mjs "$shots" "${sites[@]}"
echo "browser checks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
