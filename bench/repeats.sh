#!/usr/bin/env bash
# What asking again costs and what it buys, in one run:
#   - the seeded A/A and A/B simulations (AaFalseAlarmTest) with more runs than the test suite's,
#     on seeds the defaults were not chosen on: false alarms (a regression, or anything undecided)
#     with their 95 % interval, planted changes found, repeat exchanges per run; and what happens
#     when only the candidate's process is in another state;
#   - the bundled demo: repeats asked (it should decide on its own: none);
#   - the real upgrades (json-server 0.17 -> 1.0, WireMock 2.35 -> 3.13): for each check of the
#     test suite, the exchanges asked again, their share of the check's time, and the verdict.
# Usage: bench/repeats.sh [A/A runs, default 5000] [A/B runs, default 1000]
# Needs what the tests need (node and npm for json-server; .ci/real-services.sh installs them).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
aa="${1:-5000}"
ab="${2:-1000}"
out="$root/bench/results"
mkdir -p "$out"

echo "== seeded simulations ($aa A/A runs, $ab A/B runs)" >&2
# seeds from 100001 on: the defaults were chosen looking at seeds 1..700, these were never looked at
mvn -B -q -o test -Dspotless.check.skip=true -Dtest=AaFalseAlarmTest -Dspotter.aa.firstSeed=100001 \
  -Dspotter.aa.runs="$aa" -Dspotter.ab.runs="$ab" -Dspotter.states.runs=1000 \
  >"$out/repeats-simulation.log" 2>&1 || {
  tail -40 "$out/repeats-simulation.log" >&2
  exit 1
}
cat target/surefire-reports/dev.spotter.replay.AaFalseAlarmTest-output.txt

echo "== the demo" >&2
demo="$(mktemp -d)"
(cd "$demo" && "$root/spotter" demo >"$out/repeats-demo.log" 2>&1) || true
python3 - "$demo/spotter-report/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
rep = r.get("repeats", {})
print(f"demo: verdict {r['summary']['verdict']}, {r['summary']['regressions']} regressions, "
      f"{rep.get('exchanges', 0)} exchanges asked again for {rep.get('requests', 0)} requests, "
      f"check {r['run']['elapsedMillis']} ms")
PY
rm -rf "$demo"

echo "== real upgrades" >&2
mvn -B -q -o test -Dspotless.check.skip=true -Dtest='JsonServerUpgradeTest,WireMockUpgradeTest' \
  >"$out/repeats-real.log" 2>&1 || {
  tail -40 "$out/repeats-real.log" >&2
  exit 1
}
python3 - target/surefire-reports/dev.spotter.cli.JsonServerUpgradeTest-output.txt \
  target/surefire-reports/dev.spotter.cli.WireMockUpgradeTest-output.txt <<'PY'
import json, re, sys
print("| case | check | verdict | requests | asked again (exchanges / requests / rounds) | time asking again / whole check |")
print("|---|---|---|---|---|---|")
for path in sys.argv[1:]:
    case = "json-server" if "JsonServer" in path else "WireMock"
    text = open(path).read()
    for block in text.split("spotter check: exit")[1:]:
        report_dir = re.search(r"Report: (\S+)/report.html", block)
        summary = re.search(r"report.json summary: (\{.*\})", block)
        repeats = re.search(r"report.json repeats: (\{.*\})", block)
        run = re.search(r"report.json run: (\d+) ms", block)
        if not (summary and repeats and run):
            continue
        s = json.loads(summary.group(1)); rp = json.loads(repeats.group(1))
        name = report_dir.group(1).split("/")[-2] if report_dir else "?"
        whole = int(run.group(1)); asking = rp.get("elapsedMillis", 0)
        print(f"| {case} | {name} | {s['verdict']} | {s['requests']} | "
              f"{rp.get('exchanges', 0)} / {rp.get('requests', 0)} / {rp.get('rounds', 0)} | "
              f"{asking} ms / {whole} ms ({asking / max(whole, 1):.2f}) |")
PY
