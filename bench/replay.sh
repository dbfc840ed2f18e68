#!/usr/bin/env bash
# Replay throughput of `spotter check` against a fast local backend (nginx on loopback), beside
# wrk's throughput against the same backend in the same run.
# Usage: bench/replay.sh [EXCHANGES] [CONCURRENCY]     (defaults: 30000 exchanges, 64 in flight)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
exchanges="${1:-30000}"
concurrency="${2:-64}"
work="$(mktemp -d /tmp/spotter-bench-replay.XXXXXX)"
ports=(18181 18182 18183)

need() { command -v "$1" >/dev/null 2>&1 || { echo "installing $2 from Debian's packages..." >&2; apt-get install -y -q "$2" >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q "$2" >/dev/null; }; }; }
need nginx nginx-light
need wrk wrk

cleanup() { [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# One nginx, three loopback servers answering a ~1 KiB JSON order, as three builds of a service.
body='{"id":1042,"status":"shipped","customer":{"id":7,"name":"Ada Lovelace","email":"ada@example.com"},"items":[{"sku":"SKU-10001","qty":2,"price":12.5},{"sku":"SKU-10007","qty":1,"price":99.99},{"sku":"SKU-10013","qty":3,"price":4.2}],"total":137.59,"tax":12.38,"currency":"EUR","tags":["gift","priority"],"createdAt":"2026-11-02T08:00:00Z","address":{"street":"1 Analytical Way","city":"London","zip":"N1 9GU","country":"GB"},"notes":"Leave at the door. Ring twice. The dog is friendly, the cat is not.","links":{"self":"/orders/1042","customer":"/customers/7","invoice":"/orders/1042/invoice"}}'
servers=""
for p in "${ports[@]}"; do
  servers="$servers server { listen 127.0.0.1:$p; access_log off; keepalive_requests 1000000; location / { default_type application/json; return 200 '$body'; } }"
done
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 4096; }
http { $servers }
CONF
nginx -c "$work/nginx.conf"
sleep 0.5

# A corpus of GET requests with distinct paths.
python3 - "$work/traffic.jsonl" "$exchanges" <<'PY'
import json, sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    for i in range(n):
        f.write(json.dumps({"version": 1, "request": {"method": "GET", "url": f"http://shop.internal/orders/{1000 + i}",
                "headers": [["Accept", "application/json"]]}}) + "\n")
PY

cd "$root"
[ -f target/spotter.jar ] || ./spotter --version >/dev/null
echo "== baseline: wrk against one backend, $concurrency connections, 10 s"
wrk -t2 -c"$concurrency" -d10s "http://127.0.0.1:${ports[0]}/orders/1042" | tee "$work/wrk.txt"
wrk_rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")

echo "== spotter check: $exchanges exchanges, three targets, concurrency $concurrency"
java ${BENCH_JAVA_OPTS:-} -jar target/spotter.jar check --store "$work/s.db" --report "$work/report" --jsonl "$work/traffic.jsonl" \
  --primary "http://127.0.0.1:${ports[0]}" --secondary "http://127.0.0.1:${ports[1]}" \
  --candidate "http://127.0.0.1:${ports[2]}" --concurrency "$concurrency" >/dev/null 2>"$work/check.err" || true
python3 - "$work/report/report.json" "$wrk_rps" <<'PY'
import json, sys
from datetime import datetime
r = json.load(open(sys.argv[1]))
wrk = float(sys.argv[2])
def t(s): return datetime.fromisoformat(s.replace("Z", "+00:00"))
run = r["run"]
secs = (t(run["finishedAt"]) - t(run["startedAt"])).total_seconds()
n = r["summary"]["compared"]
eps = n / secs
print(f"compared {n} exchanges in {secs:.2f} s")
print(f"spotter replay: {eps:,.0f} exchanges/s = {3*eps:,.0f} upstream requests/s")
print(f"wrk, one target: {wrk:,.0f} requests/s")
print(f"ratio, spotter upstream requests/s to wrk requests/s: {3*eps/wrk:.2f}")
PY
