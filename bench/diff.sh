#!/usr/bin/env bash
# JMH benchmark of the structural diff against Jackson's parse-only of the same bodies, in one run.
# Usage: bench/diff.sh [extra JMH options]   (results also in bench/results/diff.json)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
echo "building and installing Spotter into the local Maven repository..." >&2
mvn -B -q -DskipTests -Dspotless.check.skip=true install
mvn -B -q -f bench/jmh/pom.xml package
mkdir -p bench/results
java -jar bench/jmh/target/benchmarks.jar DiffBenchmark -rf json -rff bench/results/diff.json "$@"
python3 - "$root/bench/results/diff.json" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
score = {}
for r in rows:
    p = r["params"]
    name = r["benchmark"].rsplit(".", 1)[1]
    score[(p["size"], p["variant"], name)] = (r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"])
print()
print("| body | variant | diff (µs) | parse both (µs) | diff / parse |")
print("|---|---|---|---|---|")
for (size, variant, name), (s, e) in sorted(score.items()):
    if name != "diff":
        continue
    ps, pe = score[(size, variant, "parseBoth")]
    print(f"| {size} | {variant} | {s:.1f} ± {e:.1f} | {ps:.1f} ± {pe:.1f} | {s/ps:.2f} |")
PY
