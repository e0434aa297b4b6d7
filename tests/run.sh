#!/usr/bin/env bash
# The whole test suite: installs what the tests need (idempotent, quick when already there),
# then runs every Rust test. README and .ci/run both call this.
set -euo pipefail
cd "$(dirname "$0")/.."

# An independent feed parser for the feed tests.
if ! python3 -c 'import feedparser' 2>/dev/null; then
  echo "installing test tools: feedparser (PyPI)"
  python3 -m pip install --quiet --disable-pip-version-check -r tests/requirements.txt
fi

cargo test --all-targets "$@"
