#!/usr/bin/env bash
# What `spotter shadow` and `spotter record` cost a client, beside nginx doing the same job, in one
# run on loopback: the same wrk load against
#   direct        one fast backend (nginx, one worker, a 1 KiB JSON answer)
#   nginx-proxy   nginx as a plain reverse proxy to that backend (upstream keep-alive on, as
#                 many workers as CPUs): what forwarding alone costs, the baseline for record
#   nginx-mirror  the same nginx, also copying every request to two more backends with `mirror`
#   pass-through  spotter record selecting nothing: Spotter's proxy alone, no copies, no store
#   shadow        spotter shadow in front of the same three backends
#   nginx-split   nginx splitting users 50/50 between two backends by a header (split_clients)
#   canary        spotter canary at its 50 % step between the same two backends, users by the
#                 same header (every request from one of 100,000 users, set by a wrk script)
#   record        spotter record in front of the primary backend, recording every request
#   record-10%    spotter record --sample 0.1
# and after each Spotter run, its admin /metrics: how many requests were really mirrored and
# compared, dropped, recorded or shed. For every run, the backends' stub_status tells how many
# requests and new connections reached them (mirroring shows as about 3 requests per request).
# Usage: bench/proxy.sh [THREADS] [CONNECTIONS] [DURATION]     (defaults: 2 64 15s)
#   BENCH_WARMUP (default 10s): wrk run before each Spotter measurement, to warm the JVM up
#   BENCH_NGINX_WARMUP (default 3s): the same before direct and nginx-mirror
#   BENCH_JAVA_OPTS: options for the JVM (e.g. -Xmx1g)
# Stops by itself: wrk runs are bounded, every wait has a deadline, and everything it started is
# stopped on exit. Raw wrk output and the table go to bench/results/proxy-<date>.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
threads="${1:-2}"
connections="${2:-64}"
duration="${3:-15s}"
warmup="${BENCH_WARMUP:-10s}"
nginx_warmup="${BENCH_NGINX_WARMUP:-3s}"
command_line="bench/proxy.sh${*:+ $*}"
[ -n "${BENCH_JAVA_OPTS:-}" ] && command_line="BENCH_JAVA_OPTS='$BENCH_JAVA_OPTS' $command_line"

backend_ports=(18281 18282 18283)   # primary, secondary, candidate
nginx_port=18290          # nginx-mirror
nginx_plain_port=18289    # nginx-proxy
shadow_port=18291
record_port=18292
shadow_admin=18293
record_admin=18294
passthrough_port=18295
passthrough_admin=18296
sampled_port=18297
sampled_admin=18298
nginx_split_port=18288    # nginx-split
canary_port=18299
canary_admin=18300
cpus="$(nproc)"
path="/orders/1042"

need() { command -v "$1" >/dev/null 2>&1 || { echo "installing $2 from Debian's packages..." >&2; apt-get install -y -q "$2" >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q "$2" >/dev/null; }; }; }
need nginx nginx-light
need wrk wrk
need curl curl

all_ports=("${backend_ports[@]}" "$nginx_plain_port" "$nginx_port" "$nginx_split_port" "$canary_port" "$canary_admin" "$shadow_port" "$record_port" "$shadow_admin" "$record_admin" "$passthrough_port" "$passthrough_admin" "$sampled_port" "$sampled_admin")
busy="$(python3 - "${all_ports[@]}" <<'PY'
import socket, sys
for p in sys.argv[1:]:
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as nginx and Netty do: TIME_WAIT is no obstacle
    try:
        s.bind(("127.0.0.1", int(p)))
    except OSError as e:
        print(f"{p} ({e.strerror})")
    finally:
        s.close()
PY
)"
if [ -n "$busy" ]; then
  echo "bench/proxy.sh: these loopback ports are taken, free them first: $(echo $busy)" >&2
  echo "  (see who holds them: ss -ltnp | grep -E ':18(28[1-9]|29[0-9]|300) ')" >&2
  exit 2
fi

work="$(mktemp -d /tmp/spotter-bench-proxy.XXXXXX)"
java_pids=()
cleanup() {
  local pid
  for pid in "${java_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${java_pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  for f in "$work/proxy.pid" "$work/backends.pid"; do
    [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
  done
  sleep 0.2
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- helpers -----------------------------------------------------------------------------------

# Waits until something accepts connections on 127.0.0.1:PORT; fails if PID (when given) exits
# first or after 60 s, showing LOG.
wait_port() {
  local port="$1" pid="${2:-}" name="$3" log="${4:-}" deadline=$((SECONDS + 60))
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      echo "bench/proxy.sh: $name exited before listening on $port; its output:" >&2
      [ -n "$log" ] && cat "$log" >&2
      exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "bench/proxy.sh: $name does not listen on $port after 60 s; its output:" >&2
      [ -n "$log" ] && cat "$log" >&2
      exit 1
    fi
    sleep 0.2
  done
}

# One request through PORT must answer 200 with the backend's body before any load is sent.
check_answer() {
  local port="$1" name="$2" got
  got="$(curl -sS --max-time 10 -o "$work/check.body" -w '%{http_code}' "http://127.0.0.1:$port$path" 2>&1)" || true
  if [ "$got" != 200 ] || ! cmp -s "$work/check.body" "$work/body.json"; then
    echo "bench/proxy.sh: $name on port $port does not answer as the backend does (status: $got)" >&2
    exit 1
  fi
}

# The backends' nginx counters (one process serves all three ports): "accepts requests".
backend_counters() {
  curl -fsS --max-time 5 "http://127.0.0.1:${backend_ports[0]}/_stub_status" | awk 'NR == 3 {print $1, $3}'
}

# wrk against PORT for DURATION; output to FILE (and the terminal when SHOW is 1). A measured run
# (SHOW 1) also writes what reached the backends meanwhile to FILE.backends: "connections requests".
load() {
  local port="$1" dur="$2" file="$3" show="${4:-1}" before after
  if [ "$show" = 1 ]; then
    before="$(backend_counters)"
    wrk -t"$threads" -c"$connections" -d"$dur" --latency ${wrk_script:+-s "$wrk_script"} "http://127.0.0.1:$port$path" | tee "$file"
    after="$(backend_counters)"
    # minus the stub_status request itself
    echo "$before $after" | awk '{print $3 - $1 - 1, $4 - $2 - 1}' >"$file.backends"
  else
    wrk -t"$threads" -c"$connections" -d"$dur" --latency ${wrk_script:+-s "$wrk_script"} "http://127.0.0.1:$port$path" >"$file"
  fi
  grep -q '^Requests/sec:' "$file" || { echo "bench/proxy.sh: wrk gave no result against port $port:" >&2; cat "$file" >&2; exit 1; }
}

# wrk prints latencies as 812.00us, 1.23ms, 2.00s, 1.50m; this gives milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v; sub(/[a-z]+$/, "", n); u = v; sub(/^[0-9.]+/, "", u)
    f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : (u == "h") ? 3600000 : -1
    if (f < 0 || n == "") { print "nan"; exit }
    printf "%.3f", n * f }'
}

declare -A rps p50 p99 total non2xx sockerr bconns breqs
parse_wrk() {
  local name="$1" file="$2"
  read -r bconns[$name] breqs[$name] <"$file.backends"
  rps[$name]="$(awk '/^Requests\/sec:/ {print $2}' "$file")"
  p50[$name]="$(to_ms "$(awk '$1 == "50%" {print $2}' "$file")")"
  p99[$name]="$(to_ms "$(awk '$1 == "99%" {print $2}' "$file")")"
  total[$name]="$(awk '/ requests in / {print $1}' "$file")"
  non2xx[$name]="$(awk -F': *' '/Non-2xx or 3xx responses/ {print $2}' "$file")"
  non2xx[$name]="${non2xx[$name]:-0}"
  sockerr[$name]="$(awk -F': *' '/Socket errors/ {print $2}' "$file")"
}

# Sum of every series of metric NAME in a Prometheus scrape FILE (0 when absent, "n/a" when the
# metric is not there at all).
metric() {
  awk -v name="$1" '
    index($0, name) == 1 && (substr($0, length(name) + 1, 1) == "{" || substr($0, length(name) + 1, 1) == " ") { s += $NF; seen = 1 }
    END { if (seen) printf "%.0f", s; else print "n/a" }' "$2"
}

# Scrapes ADMIN port into FILE, again every 0.5 s until the counters named after it stop moving
# (work still queued behind the last responses), for 10 s at most.
scrape() {
  local admin="$1" file="$2"; shift 2
  local before="" now deadline=$((SECONDS + 10))
  while :; do
    curl -fsS --max-time 5 "http://127.0.0.1:$admin/metrics" >"$file" || { echo "bench/proxy.sh: cannot read http://127.0.0.1:$admin/metrics" >&2; exit 1; }
    now=""
    for m in "$@"; do now="$now $(metric "$m" "$file")"; done
    [ "$now" = "$before" ] && break
    [ "$SECONDS" -ge "$deadline" ] && { echo "  (counters still moving after 10 s: $now)"; break; }
    before="$now"
    sleep 0.5
  done
}

# SIGTERM to PID, then its exit status once gone (KILL after 40 s).
declare -A exit_status
stop_java() {
  local name="$1" pid="$2" rc=0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 400); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "  $name did not exit within 40 s of SIGTERM; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || rc=$?
  # what a run wrote to its store must not be flushed to disk during the next measurement
  sync
  local left=() p
  for p in "${java_pids[@]}"; do [ "$p" = "$pid" ] || left+=("$p"); done
  java_pids=("${left[@]}")
  exit_status[$name]="$rc"
  echo "  $name exited with status $rc after SIGTERM"
}

# Starts `spotter ARGS...` in the background as NAME, waits for PORT, warms it up.
start_spotter() {
  local name="$1" port="$2"; shift 2
  java ${BENCH_JAVA_OPTS:-} -jar "$root/target/spotter.jar" "$@" >"$work/$name.log" 2>&1 &
  spotter_pid=$!
  java_pids+=("$spotter_pid")
  wait_port "$port" "$spotter_pid" "spotter $name" "$work/$name.log"
  echo "  spotter $name is up (pid $spotter_pid); it printed:"
  sed 's/^/    | /' "$work/$name.log"
  check_answer "$port" "spotter $name"
  echo "  warm-up: wrk $warmup"
  load "$port" "$warmup" "$work/wrk-$name-warmup.txt" 0
}

# --- backends: one nginx, three loopback servers answering a ~1 KiB JSON order ------------------
body='{"id":1042,"status":"shipped","customer":{"id":7,"name":"Ada Lovelace","email":"ada@example.com"},"items":[{"sku":"SKU-10001","qty":2,"price":12.5},{"sku":"SKU-10007","qty":1,"price":99.99},{"sku":"SKU-10013","qty":3,"price":4.2}],"total":137.59,"tax":12.38,"currency":"EUR","tags":["gift","priority"],"createdAt":"2026-11-02T08:00:00Z","address":{"street":"1 Analytical Way","city":"London","zip":"N1 9GU","country":"GB"},"notes":"Leave at the door. Ring twice. The dog is friendly, the cat is not.","links":{"self":"/orders/1042","customer":"/customers/7","invoice":"/orders/1042/invoice"}}'
printf '%s' "$body" >"$work/body.json"
servers=""
for p in "${backend_ports[@]}"; do
  servers="$servers server { listen 127.0.0.1:$p; access_log off; keepalive_requests 1000000; location / { default_type application/json; return 200 '$body'; } location = /_stub_status { stub_status; } }"
done
cat >"$work/backends.conf" <<CONF
worker_processes 1;
pid $work/backends.pid;
error_log $work/backends-error.log warn;
events { worker_connections 4096; }
http { $servers }
CONF

# --- nginx at its best as a mirroring proxy: keep-alive to every upstream, one worker per CPU ----
upstreams=""
names=(primary secondary candidate)
for i in 0 1 2; do
  upstreams="$upstreams
  upstream ${names[$i]} { server 127.0.0.1:${backend_ports[$i]}; keepalive 256; keepalive_requests 1000000; }"
done
cat >"$work/proxy.conf" <<CONF
worker_processes $cpus;
pid $work/proxy.pid;
error_log $work/proxy-error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  $upstreams
  split_clients "\${http_x_user}" \$arm { 50% candidate; * primary; }
  server {
    listen 127.0.0.1:$nginx_split_port;
    keepalive_requests 1000000;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    location / { proxy_pass http://\$arm; }
  }
  server {
    listen 127.0.0.1:$nginx_plain_port;
    keepalive_requests 1000000;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    location / { proxy_pass http://primary; }
  }
  server {
    listen 127.0.0.1:$nginx_port;
    keepalive_requests 1000000;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    location / {
      mirror /_mirror/secondary;
      mirror /_mirror/candidate;
      mirror_request_body on;
      proxy_pass http://primary;
    }
    location = /_mirror/secondary { internal; proxy_pass http://secondary\$request_uri; }
    location = /_mirror/candidate { internal; proxy_pass http://candidate\$request_uri; }
  }
}
CONF

cd "$root"
[ -f target/spotter.jar ] || ./spotter --version >/dev/null

nginx -e "$work/backends-error.log" -c "$work/backends.conf"
nginx -e "$work/proxy-error.log" -c "$work/proxy.conf"
for p in "${backend_ports[@]}"; do wait_port "$p" "" "nginx backend"; done
wait_port "$nginx_plain_port" "" "nginx proxy"
wait_port "$nginx_port" "" "nginx mirror"
wait_port "$nginx_split_port" "" "nginx split"
check_answer "$nginx_split_port" "nginx split"
check_answer "$nginx_plain_port" "nginx proxy"
for p in "${backend_ports[@]}"; do check_answer "$p" "nginx backend"; done
check_answer "$nginx_port" "nginx mirror"

stamp="$(date +%Y-%m-%d-%H%M%S)"
echo "== bench/proxy.sh, $(date -Is): wrk -t$threads -c$connections -d$duration --latency, GET $path"
echo "   $cpus CPUs; backends: one nginx worker; nginx-proxy and nginx-mirror: $cpus nginx workers (one per CPU)"

echo "== direct: wrk against the primary backend (warm-up $nginx_warmup)"
load "${backend_ports[0]}" "$nginx_warmup" "$work/wrk-direct-warmup.txt" 0
load "${backend_ports[0]}" "$duration" "$work/wrk-direct.txt"
parse_wrk direct "$work/wrk-direct.txt"

echo "== nginx-proxy: nginx as a plain reverse proxy to the primary (warm-up $nginx_warmup)"
load "$nginx_plain_port" "$nginx_warmup" "$work/wrk-nginxproxy-warmup.txt" 0
load "$nginx_plain_port" "$duration" "$work/wrk-nginxproxy.txt"
parse_wrk nginxproxy "$work/wrk-nginxproxy.txt"

echo "== nginx-mirror: nginx proxy to the primary, mirroring to secondary and candidate (warm-up $nginx_warmup)"
load "$nginx_port" "$nginx_warmup" "$work/wrk-nginx-warmup.txt" 0
load "$nginx_port" "$duration" "$work/wrk-nginx.txt"
parse_wrk nginx "$work/wrk-nginx.txt"

# users for the splitting proxies: each request from one of 100,000, named in X-User
cat >"$work/users.lua" <<'LUA'
request = function()
  wrk.headers["X-User"] = "user-" .. math.random(1, 100000)
  return wrk.format(nil, nil)
end
LUA

echo "== nginx-split: nginx splitting users 50/50 between primary and candidate by X-User (warm-up $nginx_warmup)"
wrk_script="$work/users.lua"
load "$nginx_split_port" "$nginx_warmup" "$work/wrk-nginxsplit-warmup.txt" 0
load "$nginx_split_port" "$duration" "$work/wrk-nginxsplit.txt"
parse_wrk nginxsplit "$work/wrk-nginxsplit.txt"
wrk_script=""

shadow_counters=(spotter_shadow_requests_total spotter_shadow_compared_total spotter_shadow_dropped_total spotter_shadow_skipped_total)
record_counters=(spotter_record_recorded_total spotter_record_shed_total spotter_record_skipped_total spotter_record_failed_total)

echo "== spotter pass-through: spotter record selecting nothing (its proxy alone)"
start_spotter passthrough "$passthrough_port" record --listen "127.0.0.1:$passthrough_port" \
  --target "http://127.0.0.1:${backend_ports[0]}" --corpus bench --store "$work/p.db" \
  --path '/__nothing_matches_this__/**' --admin "127.0.0.1:$passthrough_admin"
pt_pid=$spotter_pid
load "$passthrough_port" "$duration" "$work/wrk-passthrough.txt"
parse_wrk passthrough "$work/wrk-passthrough.txt"
stop_java passthrough "$pt_pid"

echo "== spotter shadow"
start_spotter shadow "$shadow_port" shadow --listen "127.0.0.1:$shadow_port" \
  --primary "http://127.0.0.1:${backend_ports[0]}" --secondary "http://127.0.0.1:${backend_ports[1]}" \
  --candidate "http://127.0.0.1:${backend_ports[2]}" --store "$work/s.db" --report "$work/shadow-report" \
  --admin "127.0.0.1:$shadow_admin"
shadow_pid=$spotter_pid
scrape "$shadow_admin" "$work/shadow-metrics-before.txt" "${shadow_counters[@]}"
load "$shadow_port" "$duration" "$work/wrk-shadow.txt"
parse_wrk shadow "$work/wrk-shadow.txt"
scrape "$shadow_admin" "$work/shadow-metrics.txt" "${shadow_counters[@]}"
stop_java shadow "$shadow_pid"

echo "== spotter record --sample 0.1"
start_spotter recordsample "$sampled_port" record --listen "127.0.0.1:$sampled_port" \
  --target "http://127.0.0.1:${backend_ports[0]}" --corpus bench --store "$work/rs.db" \
  --sample 0.1 --admin "127.0.0.1:$sampled_admin"
rs_pid=$spotter_pid
scrape "$sampled_admin" "$work/recordsample-metrics-before.txt" "${record_counters[@]}"
load "$sampled_port" "$duration" "$work/wrk-recordsample.txt"
parse_wrk recordsample "$work/wrk-recordsample.txt"
scrape "$sampled_admin" "$work/recordsample-metrics.txt" "${record_counters[@]}"
stop_java recordsample "$rs_pid"

echo "== spotter record"
start_spotter record "$record_port" record --listen "127.0.0.1:$record_port" \
  --target "http://127.0.0.1:${backend_ports[0]}" --corpus bench --store "$work/r.db" \
  --admin "127.0.0.1:$record_admin"
record_pid=$spotter_pid
scrape "$record_admin" "$work/record-metrics-before.txt" "${record_counters[@]}"
load "$record_port" "$duration" "$work/wrk-record.txt"
parse_wrk record "$work/wrk-record.txt"
scrape "$record_admin" "$work/record-metrics.txt" "${record_counters[@]}"
stop_java record "$record_pid"

echo "== spotter canary at its 50 % step, users by X-User"
wrk_script="$work/users.lua"
start_spotter canary "$canary_port" canary --listen "127.0.0.1:$canary_port" \
  --baseline "http://127.0.0.1:${backend_ports[0]}" --canary "http://127.0.0.1:${backend_ports[2]}" \
  --steps 50,100 --step-duration 60m --key header:X-User --store "$work/c.db" \
  --report "$work/canary-report" --admin "127.0.0.1:$canary_admin"
canary_pid=$spotter_pid
load "$canary_port" "$duration" "$work/wrk-canary.txt"
parse_wrk canary "$work/wrk-canary.txt"
wrk_script=""
stop_java canary "$canary_pid"
canary_arms="$(python3 - "$work/canary-report/report.json" <<'PY'
import json, sys
try:
    r = json.load(open(sys.argv[1]))
    s = r["steps"][0]["arms"]
    print(f'baseline {s["baseline"]["requests"]}, canary {s["canary"]["requests"]} requests; state {r["state"]}, looks {r["steps"][0]["looks"]}')
except Exception as e:
    print(f"n/a ({e})")
PY
)"

modes=(direct nginxproxy nginx nginxsplit passthrough shadow record recordsample canary)

# --- what the Spotter runs did with the measured requests (after minus before the measured run) --
delta() { # MODE NAME [LAZY]: counter difference over the measured run, from the two scrapes of
  # MODE; a LAZY counter (registered on first use, such as one per skip reason) absent means 0
  local a b
  a="$(metric "$2" "$work/$1-metrics-before.txt")"; b="$(metric "$2" "$work/$1-metrics.txt")"
  if [ "${3:-}" = lazy ]; then [ "$a" = n/a ] && a=0; [ "$b" = n/a ] && b=0; fi
  if [ "$a" = n/a ] || [ "$b" = n/a ]; then echo n/a; else echo $((b - a)); fi
}
share() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "n/a" || b == "n/a" || b == 0) print "n/a"; else printf "%.1f %%", 100 * a / b }'; }
s_req="$(delta shadow spotter_shadow_requests_total)"
s_cmp="$(delta shadow spotter_shadow_compared_total)"
s_drop="$(delta shadow spotter_shadow_dropped_total)"
s_skip="$(delta shadow spotter_shadow_skipped_total lazy)"
r_rec="$(delta record spotter_record_recorded_total)"
r_shed="$(delta record spotter_record_shed_total)"
r_skip="$(delta record spotter_record_skipped_total lazy)"
r_fail="$(delta record spotter_record_failed_total)"
rs_rec="$(delta recordsample spotter_record_recorded_total)"
rs_shed="$(delta recordsample spotter_record_shed_total)"
outcomes="$(awk '/^spotter_shadow_compared_total\{/ { match($0, /outcome="[^"]*"/); printf "%s%s=%.0f", sep, substr($0, RSTART + 9, RLENGTH - 10), $NF; sep = ", " }' "$work/shadow-metrics.txt")"

# --- the table ---------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0 || a == "nan" || b == "nan") print "n/a"; else printf "%.2f", a / b }'; }
label() { case "$1" in direct) echo "direct (backend)";; nginxproxy) echo "nginx proxy ($cpus workers)";; nginx) echo "nginx mirror ($cpus workers)";; passthrough) echo "spotter pass-through";; shadow) echo "spotter shadow";; record) echo "spotter record (every request)";; recordsample) echo "spotter record --sample 0.1";; nginxsplit) echo "nginx split_clients 50/50 ($cpus workers)";; canary) echo "spotter canary, 50 % step";; esac; }
errors() {
  local e="${non2xx[$1]} non-2xx"
  [ -n "${sockerr[$1]}" ] && e="$e; socket errors: ${sockerr[$1]}"
  echo "$e"
}
# (wrk -v exits with status 1 after printing its version)
java_version="$(java -version 2>&1 | head -1 || true)"
nginx_version="$(nginx -v 2>&1 || true)"
wrk_version="$(wrk -v 2>&1 | head -1 | awk '{print $1, $2}' || true)"
cpu_model="$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
table="$(
  echo "| setup | requests/s | p50 (ms) | p99 (ms) | rps / direct | rps / nginx mirror | p99 / direct | p99 / nginx mirror | backend requests per request | new backend connections | wrk errors |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  for m in "${modes[@]}"; do
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$(label "$m")" \
      "$(printf "%.0f" "${rps[$m]}")" "${p50[$m]}" "${p99[$m]}" \
      "$(ratio "${rps[$m]}" "${rps[direct]}")" "$(ratio "${rps[$m]}" "${rps[nginx]}")" \
      "$(ratio "${p99[$m]}" "${p99[direct]}")" "$(ratio "${p99[$m]}" "${p99[nginx]}")" \
      "$(ratio "${breqs[$m]}" "${total[$m]}")" "${bconns[$m]}" "$(errors "$m")"
  done
)"
notes="$(
  echo "- shadow, measured run: wrk completed ${total[shadow]} requests; Spotter saw $s_req, compared $s_cmp ($(share "$s_cmp" "$s_req")), dropped because its mirror queue was full $s_drop ($(share "$s_drop" "$s_req")), skipped $s_skip. Comparisons since start by outcome: ${outcomes:-n/a}."
  echo "- record, measured run: wrk completed ${total[record]} requests; Spotter recorded $r_rec ($(share "$r_rec" "${total[record]}") of wrk's), shed $r_shed ($(share "$r_shed" "${total[record]}")), skipped $r_skip, failed $r_fail."
  echo "- record --sample 0.1, measured run: wrk completed ${total[recordsample]} requests; Spotter recorded $rs_rec ($(share "$rs_rec" "${total[recordsample]}") of wrk's), shed $rs_shed."
  echo "- exit status after SIGTERM: shadow ${exit_status[shadow]}, record ${exit_status[record]}, pass-through ${exit_status[passthrough]}, record --sample 0.1 ${exit_status[recordsample]}."
  echo "- the cost of recording against Spotter's own pass-through (record selecting nothing): every request $(ratio "${rps[record]}" "${rps[passthrough]}") rps, $(ratio "${p99[record]}" "${p99[passthrough]}") p99; one request in ten $(ratio "${rps[recordsample]}" "${rps[passthrough]}") rps, $(ratio "${p99[recordsample]}" "${p99[passthrough]}") p99. Spotter's pass-through against the plain nginx proxy: $(ratio "${rps[passthrough]}" "${rps[nginxproxy]}") rps, $(ratio "${p99[passthrough]}" "${p99[nginxproxy]}") p99."
  echo "- ratios: shadow/nginx $(ratio "${rps[shadow]}" "${rps[nginx]}") rps, $(ratio "${p99[shadow]}" "${p99[nginx]}") p99; record/nginx $(ratio "${rps[record]}" "${rps[nginx]}") rps, $(ratio "${p99[record]}" "${p99[nginx]}") p99; shadow/direct $(ratio "${rps[shadow]}" "${rps[direct]}") rps, $(ratio "${p99[shadow]}" "${p99[direct]}") p99; record/direct $(ratio "${rps[record]}" "${rps[direct]}") rps, $(ratio "${p99[record]}" "${p99[direct]}") p99."
  echo "- record against a plain nginx proxy (one upstream request per request, as record): $(ratio "${rps[record]}" "${rps[nginxproxy]}") rps, $(ratio "${p99[record]}" "${p99[nginxproxy]}") p99."
  echo "- canary against nginx splitting the same users between the same two backends: $(ratio "${rps[canary]}" "${rps[nginxsplit]}") rps, $(ratio "${p99[canary]}" "${p99[nginxsplit]}") p99; against Spotter's own pass-through: $(ratio "${rps[canary]}" "${rps[passthrough]}") rps, $(ratio "${p99[canary]}" "${p99[passthrough]}") p99. The canary's measured step (all of the run, warm-up included): $canary_arms; exit status after SIGTERM ${exit_status[canary]} (2: stopped before a verdict, resumable)."
  echo "- nginx mirror opens a new connection for every mirrored request although keep-alive is configured for all three upstreams: its mirror subrequests are header-only, so the answer's body is never read and the connection cannot be reused (see \"new backend connections\"); nginx cannot do better here without third-party modules."
)"
machine="$cpus CPUs ($cpu_model), $(awk '/^MemTotal/ {printf "%.0f GiB RAM", $2 / 1048576}' /proc/meminfo), Linux $(uname -r), $java_version, $nginx_version, $wrk_version"
summary="$(
  echo "**$(date +%Y-%m-%d)**, \`$command_line\` (wrk -t$threads -c$connections -d$duration --latency after a warm-up of $nginx_warmup for nginx, $warmup for Spotter; GET of a 1 KiB JSON answer; backends: one nginx worker on three loopback ports; nginx proxy and mirror: $cpus workers, one per CPU, upstream keep-alive; everything shares the same $cpus CPUs)"
  echo
  echo "Machine: $machine"
  echo
  echo "$table"
  echo
  echo "$notes"
)"
echo
echo "$summary"

mkdir -p "$root/bench/results"
out="$root/bench/results/proxy-$stamp.md"
{
  echo "# bench/proxy.sh, $(date -Is)"
  echo
  echo "$summary"
  echo
  echo "## Raw wrk output"
  for f in direct nginxproxy nginx nginxsplit passthrough shadow record recordsample canary; do
    for g in "$work/wrk-$f-warmup.txt" "$work/wrk-$f.txt"; do
      [ -f "$g" ] || continue
      printf '\n### %s\n\n```\n%s\n```\n' "$(basename "$g" .txt)" "$(cat "$g")"
    done
  done
  echo
  echo "## Spotter output and metrics"
  for f in shadow record recordsample passthrough canary; do
    [ -f "$work/$f.log" ] && printf '\n### spotter %s, its output\n\n```\n%s\n```\n' "$f" "$(cat "$work/$f.log")"
    [ -f "$work/$f-metrics.txt" ] && printf '\n### spotter %s, /metrics after the measured run (spotter_ lines)\n\n```\n%s\n```\n' "$f" "$(grep '^spotter_' "$work/$f-metrics.txt" || true)"
  done
  echo
  echo "## nginx error logs"
  printf '\n```\n%s\n```\n' "$(cat "$work/backends-error.log" "$work/proxy-error.log" 2>/dev/null || true)"
  echo
  echo "## Configurations"
  printf '\n```nginx\n%s\n```\n\n```nginx\n%s\n```\n' "$(cat "$work/backends.conf")" "$(cat "$work/proxy.conf")"
} >"$out"
echo
echo "raw output and table: ${out#$root/}"
