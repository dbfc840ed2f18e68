#!/usr/bin/env bash
# What recording costs a client, against Spotter's own pass-through, measured in interleaved rounds
# so that the drift of a shared 2-core machine falls on every variant alike: in each round the same
# wrk load (loopback only, bounded in time) runs against
#   pass-through   spotter record selecting nothing (its proxy alone: no copies, no store)
#   sample-0.05    spotter record --sample 0.05
#   sample-0.1     spotter record --sample 0.1
#   all            spotter record (every request)
# in front of one nginx worker answering a 1 KiB JSON order. Prints the median requests/s and p99 of
# each variant over the rounds, and its ratio to the pass-through's median.
# Usage: bench/record-cost.sh [ROUNDS] [DURATION]     (defaults: 3 rounds of 10s, 8s warm-up each)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-3}"
duration="${2:-10s}"
warmup="${BENCH_WARMUP:-8s}"
backend_port=18381
port=18382
admin=18383
path="/orders/1042"

need() { command -v "$1" >/dev/null 2>&1 || { echo "installing $2 from Debian's packages..." >&2; apt-get install -y -q "$2" >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q "$2" >/dev/null; }; }; }
need nginx nginx-light
need wrk wrk
need curl curl

work="$(mktemp -d /tmp/spotter-bench-record.XXXXXX)"
java_pid=""
cleanup() {
  [ -n "$java_pid" ] && kill -KILL "$java_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  sleep 0.2
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

body='{"id":1042,"status":"shipped","customer":{"id":7,"name":"Ada Lovelace","email":"ada@example.com"},"items":[{"sku":"SKU-10001","qty":2,"price":12.5},{"sku":"SKU-10007","qty":1,"price":99.99},{"sku":"SKU-10013","qty":3,"price":4.2}],"total":137.59,"tax":12.38,"currency":"EUR","tags":["gift","priority"],"createdAt":"2026-11-02T08:00:00Z","address":{"street":"1 Analytical Way","city":"London","zip":"N1 9GU","country":"GB"},"notes":"Leave at the door. Ring twice. The dog is friendly, the cat is not.","links":{"self":"/orders/1042","customer":"/customers/7","invoice":"/orders/1042/invoice"}}'
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 4096; }
http { server { listen 127.0.0.1:$backend_port; access_log off; keepalive_requests 1000000; location / { default_type application/json; return 200 '$body'; } } }
CONF
nginx -c "$work/nginx.conf"

cd "$root"
[ -f target/spotter.jar ] || ./spotter --version >/dev/null

wait_port() {
  local deadline=$((SECONDS + 60))
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    kill -0 "$java_pid" 2>/dev/null || { echo "spotter exited:" >&2; cat "$work/spotter.log" >&2; exit 1; }
    [ "$SECONDS" -lt "$deadline" ] || { echo "spotter does not listen on $1" >&2; exit 1; }
    sleep 0.2
  done
}

to_ms() {
  awk -v v="$1" 'BEGIN { n = v; sub(/[a-z]+$/, "", n); u = v; sub(/^[0-9.]+/, "", u)
    f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : -1; printf "%.3f", n * f }'
}

variants=(pass-through sample-0.05 sample-0.1 all)
args_of() {
  case "$1" in
    pass-through) echo "--path /__nothing_matches_this__/**" ;;
    sample-0.05) echo "--sample 0.05" ;;
    sample-0.1) echo "--sample 0.1" ;;
    all) echo "" ;;
  esac
}
: >"$work/results.txt"
echo "== bench/record-cost.sh, $(date -Is): $rounds rounds, wrk -t2 -c64 -d$duration --latency after $warmup of warm-up"
for round in $(seq "$rounds"); do
  for v in "${variants[@]}"; do
    rm -f "$work"/r.db*
    # shellcheck disable=SC2046
    java ${BENCH_JAVA_OPTS:-} -jar target/spotter.jar record --listen "127.0.0.1:$port" \
      --target "http://127.0.0.1:$backend_port" --corpus bench --store "$work/r.db" \
      --admin "127.0.0.1:$admin" $(args_of "$v") >"$work/spotter.log" 2>&1 &
    java_pid=$!
    wait_port "$port"
    wrk -t2 -c64 -d"$warmup" "http://127.0.0.1:$port$path" >/dev/null
    wrk -t2 -c64 -d"$duration" --latency "http://127.0.0.1:$port$path" >"$work/wrk.txt"
    rps="$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk.txt")"
    p99="$(to_ms "$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")")"
    shed="$(curl -fsS "http://127.0.0.1:$admin/metrics" | awk '/^spotter_record_shed_total/ {printf "%.0f", $2}')"
    kill -TERM "$java_pid"; wait "$java_pid" 2>/dev/null || true; java_pid=""
    sync
    echo "$v $rps $p99 $shed" >>"$work/results.txt"
    printf '  round %d %-13s %10.0f requests/s  p99 %7.3f ms  shed %s\n' "$round" "$v" "$rps" "$p99" "$shed"
  done
done

echo
echo "| variant | median requests/s | median p99 (ms) | rps / pass-through | p99 / pass-through |"
echo "|---|---|---|---|---|"
python3 - "$work/results.txt" "${variants[@]}" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
med = {v: (statistics.median(float(r[1]) for r in rows if r[0] == v),
           statistics.median(float(r[2]) for r in rows if r[0] == v)) for v in sys.argv[2:]}
base = med["pass-through"]
for v in sys.argv[2:]:
    rps, p99 = med[v]
    print(f"| {v} | {rps:,.0f} | {p99:.2f} | {rps / base[0]:.2f} | {p99 / base[1]:.2f} |")
PY
