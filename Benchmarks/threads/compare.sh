#!/usr/bin/env bash
# Benchmarks/threads/compare.sh ROUNDS SCENARIO BINARY...
#
# Runs SCENARIO with each BINARY in turn, ROUNDS times (alternating, so that a
# slow spell of this shared machine falls on all of them), under `perf record`
# at 999 Hz, and prints per binary the medians (and ranges) of:
#   - the event loop's CPU seconds (the busiest thread's samples / 999),
#   - every thread's CPU seconds together,
#   - the simulation's wall seconds (`wallSeconds` in metadata.json).
# The loop thread bounds the simulation; the total shows work moved to, or
# added on, the helper threads, which share this machine's two cores with it.
# Needs perf (linux-tools) and python3. Run from the repository's top level.
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,13p' "$0" >&2; exit 64; }
rounds=$1; scenario=$2; shift 2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
for _ in $(seq "$rounds"); do
  for binary in "$@"; do
    rm -rf "$work/out"
    perf record -q -F 999 -o "$work/perf.data" "$binary" run "$scenario" --out "$work/out" --quiet >/dev/null 2>&1
    wall=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['wallSeconds'])" "$work/out/metadata.json")
    threads=$(perf script -i "$work/perf.data" -F tid 2>/dev/null | sort | uniq -c | sort -rn | awk '{s+=$1; if (NR==1) m=$1} END {print m/999, s/999}')
    echo "$binary $threads $wall" >> "$work/runs"
  done
done
python3 - "$work/runs" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    binary, *values = line.split()
    runs[binary].append([float(v) for v in values])
for binary, rs in runs.items():
    def figure(k):
        xs = [r[k] for r in rs]
        return f"{statistics.median(xs):.2f} s ({min(xs):.2f}-{max(xs):.2f})"
    print(f"{binary}: event loop {figure(0)}; all threads {figure(1)}; simulation {figure(2)}; {len(rs)} runs")
PY
