#!/usr/bin/env bash
# The whole test suite: installs what the tests need (idempotent, quick when already there),
# then runs every Rust test. README and .ci/run both call this.
set -euo pipefail
cd "$(dirname "$0")/.."

# Independent validators (feedparser, jsonschema, ical) used by the output tests.
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r tests/requirements.txt

# The validators themselves must catch what they claim to (good and broken fixtures).
python3 tests/tools/selftest_validators.py

cargo test --all-targets "$@"
