#!/usr/bin/env bash
# Checks the generated pages with real tools: the Nu HTML Checker (vnu-jar, Java) on every
# page, an offline link check, and axe-core's WCAG 2.1 A/AA rules plus desktop and phone
# screenshots in Debian's Chromium (playwright-core; no browser is downloaded).
# Needs: chromium (+ fonts-noto-cjk), java, node/npm — .ci/run installs them.
# Usage: bash tests/browser/run.sh [screenshot-dir]   (honours CARGO_TARGET_DIR)
set -euo pipefail
cd "$(dirname "$0")/../.."
shots=${1:-target/screenshots}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
cargo build --quiet
# A private copy: another build sharing CARGO_TARGET_DIR must not swap the binary mid-run.
cp "${CARGO_TARGET_DIR:-target}/debug/bulletin" "$work/bulletin"
bin=$work/bulletin
# The default site during the outage (so the active-incident layout is checked) and after it,
# the English example with an ongoing incident and upcoming maintenance, and the example with
# an incident whose title and update hold long unbroken text (a URL, an error name in code).
"$bin" build --output "$work/default-during" --now "2023-03-29 04:30" >/dev/null 2>&1
"$bin" build --output "$work/default" --now "2026-11-23 12:00" >/dev/null 2>&1
"$bin" build --root examples/acme --output "$work/acme" --now "2026-11-23 12:00" >/dev/null 2>&1
cp -r examples/acme "$work/long-src"
rm -rf "$work/long-src/public"
cat > "$work/long-src/incidents/2026-11-23-long-words.md" <<'MD'
---
title: Errors from https://api.acme.example/v2/objects/buckets/eu-west-1/very-long-object-key-name-without-breaks
affected:
  storage/api: partial_outage
---
Requests fail with `ERR_OBJECT_STORAGE_UPSTREAM_CONNECTION_RESET_BY_PEER_WHILE_READING_RESPONSE_HEADERS`.

## Timeline

### 2026-11-23 10:00 · investigating
See https://status.acme.example/incidents/2026-11-23-long-words/and/a/very/long/path/that/never/breaks/anywhere and `AnExtremelyLongExceptionNameThatNeverBreaksAnywhereInTheMiddleOfTheLine`.
MD
"$bin" build --root "$work/long-src" --output "$work/long" --now "2026-11-23 12:00" >/dev/null 2>&1
# Eleven products (the example's five and six more: one without uptime, a feature of each listed
# only while degraded) with the example's history, at a moment with an incident under way,
# maintenance ahead and one over in the last 14 days: the whole front page, not only its
# component list, must stay short.
cp -r examples/acme "$work/many-src"
rm -rf "$work/many-src/public"
for p in registry queues functions search mail analytics; do
  printf '  - id: %s\n    name: %s\n    features:\n      - id: api\n        name: %s API\n      - id: ui\n        name: %s console\n        only_show_if_degraded: true\n' "$p" "${p^}" "${p^}" "${p^}"
done >> "$work/many-src/bulletin.yaml"
printf '    hide_uptime: true\n' >> "$work/many-src/bulletin.yaml"
# And one incident over two days before, so the front page's recent history has a row.
cat > "$work/many-src/incidents/2026-11-21-queue-delays.md" <<'MD'
---
title: Delayed message delivery in Queues
affected:
  queues/api: degraded_performance
---
## Timeline

### 2026-11-21 08:10 · investigating
Messages are delivered with a delay of up to two minutes.

### 2026-11-21 09:05 · resolved
Delivery is back to normal.
MD
"$bin" build --root "$work/many-src" --output "$work/many" --now "2026-11-23 12:00" >/dev/null 2>&1
# The default site in two languages (issue 28): Chinese at the root, English under en/ (no
# incident translated yet, so its texts are marked). The Nu checker and the link check walk
# both trees from the root; the page checks and axe take the English tree as a site of its own.
mkdir -p "$work/two-src" && cp -r bulletin.yaml incidents static "$work/two-src/"
sed -i 's/^language: zh-CN$/languages: [zh-CN, en]\ntranslations:\n  en: {title: WeChat and QQ status}/' "$work/two-src/bulletin.yaml"
"$bin" build --root "$work/two-src" --output "$work/two" --now "2026-11-23 12:00" >/dev/null 2>&1
sites=("$work/default-during" "$work/default" "$work/acme" "$work/long" "$work/many" "$work/two")
# A 1,000-incident site (the benchmarks' generator, deterministic) for the history checks only:
# checking every page of it with the tools above would take minutes.
cargo build --quiet --example gen_corpus
"${CARGO_TARGET_DIR:-target}/debug/examples/gen_corpus" 1000 "$work/big-src" >/dev/null
"$bin" build --root "$work/big-src" --output "$work/big" --now "2026-11-23 12:00" >/dev/null 2>&1
export HISTORY_SITE="$work/big"
# A writable copy of the example for the status-poll check, which rebuilds it while a page is open.
cp -r examples/acme "$work/poll-src"
rm -rf "$work/poll-src/public"
export BULLETIN="$bin" POLL_ROOT="$work/poll-src"
# The README's front-page screenshots (docs/screenshots/) come from the first site.
export README_SHOTS=${README_SHOTS:-docs/screenshots}

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
step "Chromium: overflow, layout, axe light and dark, script, screenshots" node tests/browser/check.mjs "$shots" "${sites[@]}" "$work/two/en"
echo "browser checks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
