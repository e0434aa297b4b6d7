#!/usr/bin/env bash
# The whole test suite. Installs what the tests need when it is missing (quick when present),
# then runs the validator self-test, every Rust test and the browser checks.
# README and .ci/run both call this.
set -euo pipefail
cd "$(dirname "$0")/.."

# System tools for the browser checks (Debian packages): Chromium with CJK fonts, a Java
# runtime for the Nu HTML Checker, Node and npm for playwright-core and axe-core.
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing test tools (Debian): ${need[*]}"
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
fi

# Independent validators (feedparser, jsonschema, ical) used by the output tests.
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r tests/requirements.txt

# The validators themselves must catch what they claim to (good and broken fixtures).
python3 tests/tools/selftest_validators.py

# The library's unit tests, the binary's, and the one integration-test binary `suite`
# (tests/suite/main.rs; docs/testing.md). Arguments go to cargo test: `bash tests/run.sh
# notify::` runs only the tests under that module path.
cargo test --all-targets "$@"

# Pages in a real browser (axe-core, screenshots), the Nu HTML Checker, the link check.
bash tests/browser/run.sh
