#!/usr/bin/env bash
# Pathological input: for each single repeated Markdown/HTML construct, a site whose one
# incident is a file of just under 4 MiB (content::MAX_FILE_BYTES) of that construct, and one
# of 440 KiB (under the cap on markup characters, so the nesting and output caps are what
# stop it, or it renders), checked with `bulletin check`. Prints wall time, peak memory,
# exit status and the first diagnostic's code.
# The target (issue 11): every one under 1 s and 200 MB. See docs/limits.md.
# Usage: bash bench/pathological.sh [construct...]   (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)"; exit 2; }
command -v python3 >/dev/null || { echo "needs python3"; exit 2; }
dir=${BENCH_DIR:-/tmp/bulletin-pathological}
shapes=("${@:-div gt star bracket list pipe footnote backtick amp emphasis linkref table lt}")

cargo build --release --quiet
bin=target/release/bulletin

# Writes the site of construct $1 with a file of $2 bytes into $dir/<construct>-<bytes>/.
generate() {
  python3 - "$1" "$dir/$1-$2" "$2" <<'EOF'
import os, sys
shape, root, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
size = limit - 512   # room for the front matter

def repeat(unit, n=size):
    return (unit * (n // len(unit) + 1))[:n]

if shape == "list":        # a list nested one level deeper on every line
    lines, total, i = [], 0, 0
    while total < size:
        line = "  " * i + "- x\n"
        lines.append(line); total += len(line); i += 1
    body = "".join(lines)
elif shape == "footnote":  # references, then their definitions
    n = size // 16
    body = "".join(f"[^{i}]" for i in range(n)) + "\n\n" + "".join(f"[^{i}]: n\n" for i in range(n))
elif shape == "linkref":   # one long reference target, used as often as fits
    half = size // 2
    body = "[a]: https://example.test/" + "y" * (half - 40) + "\n\n" + repeat("[a]", half)
elif shape == "table":     # a header row of many columns, then short rows
    third = size // 3
    body = "|" + repeat("a|", third) + "\n|" + repeat("-|", third) + "\n" + repeat("x\n", third)
else:
    unit = {"div": "<div>", "gt": ">", "star": "*", "bracket": "[", "pipe": "|",
            "backtick": "`", "amp": "&amp;", "emphasis": "*a", "lt": "<"}[shape]
    body = repeat(unit)
os.makedirs(root + "/incidents", exist_ok=True)
with open(root + "/bulletin.yaml", "w") as f:
    f.write("title: Pathological\nbase_url: https://status.test/\nlanguage: en\ntimezone: UTC\n"
            "products:\n  - id: app\n    name: App\n    features:\n      - id: api\n        name: API\n")
front = "---\ntitle: Pathological\naffected:\n  app/api: major_outage\n---\n\n## Timeline\n\n### 2026-11-20 10:00 · investigating\n"
with open(root + "/incidents/x.md", "wb") as f:
    f.write((front + body).encode()[: limit - 1] + b"\n")
EOF
}

echo "| construct | file KiB | wall s | peak RSS MB | exit | diagnostic |"
echo "|---|---:|---:|---:|---:|---|"
for bytes in ${SIZES:-4194304 450560}; do
for shape in ${shapes[@]}; do
  site="$dir/$shape-$bytes"
  [ -f "$site/incidents/x.md" ] || generate "$shape" "$bytes"
  log=$(mktemp); out=$(mktemp)
  status=0
  /usr/bin/time -f "%e %M" -o "$log" "$bin" check --root "$site" --format json >"$out" 2>/dev/null || status=$?
  read -r wall rss < <(tail -n 1 "$log")
  code=$(grep -o '"code":"[^"]*"' "$out" | head -1 | cut -d'"' -f4)
  kib=$(( $(stat -c %s "$site/incidents/x.md") / 1024 ))
  echo "| $shape | $kib | $wall | $((rss / 1024)) | $status | ${code:-none} |"
  rm -f "$log" "$out"
done
done
