#!/usr/bin/env bash
# Fleet throughput, in one run on loopback:
#  (a) ingest: `spotter ingest --idle-exit` of one topic into a fresh SQLite file and into a fresh
#      PostgreSQL database; exchanges per second of each, and PostgreSQL / SQLite;
#  (b) replay: `spotter check --from kafka://... --wait-for-workers` over the same topic with one
#      `spotter worker` process, then with two (fresh PostgreSQL database each); exchanges per
#      second of each, and two / one.
# Usage: bench/fleet.sh [EXCHANGES] [PARTITIONS] [ROUNDS]   (defaults: 20000 exchanges, 12
#        partitions, 3 rounds; each round measures every variant once, in the same order)
#        FLEET_ONLY=ingest bench/fleet.sh ...   (part (a) alone; FLEET_ONLY=replay: (b) alone);
#        FLEET_KEEP=1 keeps the temporary directory (logs, stores, reports) for a look afterwards
#
# The traffic is real: the demo's sample service (old build twice, new build once, started from
# target/spotter.jar by a small Java program written below) answers the demo's traffic generator
# through `spotter record --sink kafka://...`, which publishes every exchange to the topic. Kafka
# runs with scripts/local-kafka and PostgreSQL with scripts/local-postgres, both in a temporary
# directory, on ports of their own; everything is stopped and deleted at the end. Every process
# has a time bound. Raw output goes to bench/results/fleet-DATE-TIME.md.
#
# Ingest is timed from the store's side (see part (a) below): rows counted every 0.1 s while the
# process runs, so that its fixed costs (JVM start, group join, the --idle-exit wait) stay out.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
exchanges="${1:-20000}"
partitions="${2:-12}"
rounds="${3:-3}"
idle_exit="${FLEET_IDLE_EXIT:-3s}"
only="${FLEET_ONLY:-}"
case "$only" in ""|ingest|replay) ;; *) echo "FLEET_ONLY: ingest or replay, not $only" >&2; exit 2 ;; esac
kafka_port="${FLEET_KAFKA_PORT:-19392}"
pg_port="${FLEET_PG_PORT:-15432}"
svc_ports=(18291 18292 18293)
record_port=18294
topic=fleet
stamp="$(date -u +%Y-%m-%d-%H%M%S)"
work="$(mktemp -d /tmp/spotter-bench-fleet.XXXXXX)"
chmod 755 "$work"   # PostgreSQL's server runs as the postgres user, in a directory below
results="$root/bench/results"
out="$results/fleet-$stamp.md"
mkdir -p "$results"
export SPOTTER_KAFKA_DIR="$work/kafka"
export SPOTTER_KAFKA_LIB="$root/.spotter/kafka/lib"   # the jars, fetched once for every use
export SPOTTER_POSTGRES_DIR="$work/postgres"
export SPOTTER_POSTGRES_PORT="$pg_port"
jar="${SPOTTER_JAR:-$root/target/spotter.jar}"   # SPOTTER_JAR: a jar built elsewhere
java_opts="${BENCH_JAVA_OPTS:-}"

log() { echo "== $*" | tee -a "$out"; }
raw() { tee -a "$out"; }
now() { date +%s.%N; }
secs() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$1" "$2"; }
# The machine's CPU counters: "busy idle" in ticks since boot (idle includes iowait).
cpu_ticks() { awk '/^cpu / {print $2+$3+$4+$7+$8+$9, $5+$6}' /proc/stat; }
# idle_share "BUSY0 IDLE0" "BUSY1 IDLE1": the share of both CPUs left idle in between
idle_share() { python3 -c "import sys; b0,i0=map(int,sys.argv[1].split()); b1,i1=map(int,sys.argv[2].split()); print(f'{(i1-i0)/max(1,(b1-b0)+(i1-i0)):.2f}')" "$1" "$2"; }
# CPU ticks a process used, its reaped children included (PostgreSQL's ended backends).
proc_ticks() { awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_ticks() {
  local pm t c
  pm=$(head -n 1 "$SPOTTER_POSTGRES_DIR/data/postmaster.pid")
  t=$(proc_ticks "$pm")
  for c in $(pgrep -P "$pm"); do t=$((t + $(awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null || echo 0))); done
  echo "$t"
}
# "services kafka postgresql" ticks
parts_ticks() { echo "$(proc_ticks "$services_pid") $(proc_ticks "$(cat "$SPOTTER_KAFKA_DIR/kafka.pid")") $(pg_ticks)"; }
port_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() {
  local port=$1 bound=$2 i=0
  until port_answers "$port"; do
    i=$((i + 1))
    [ "$i" -le $((bound * 10)) ] || { echo "nothing answers on 127.0.0.1:$port after ${bound}s" >&2; return 1; }
    sleep 0.1
  done
}

pids=()
cleanup() {
  local status=$?
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$p" 2>/dev/null || true
  done
  "$root/scripts/local-kafka" stop >/dev/null 2>&1 || true
  "$root/scripts/local-postgres" stop >/dev/null 2>&1 || true
  if [ "$status" -ne 0 ]; then
    echo "bench/fleet.sh failed (exit $status); logs of this run:" >&2
    for f in "$work"/*.log "$work"/kafka/kafka.log; do
      [ -f "$f" ] && { echo "--- $f (last lines)" >&2; tail -n 15 "$f" >&2; }
    done
  fi
  if [ -n "${FLEET_KEEP:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for p in "$kafka_port" $((kafka_port + 1)) "${svc_ports[@]}" "$record_port"; do
  port_answers "$p" && { echo "127.0.0.1:$p is taken; stop what listens there first" >&2; exit 2; }
done

cd "$root"
[ -f "$jar" ] || ./spotter --version >/dev/null
# a copy: a rebuild of target/ during the run must not pull the jar from under running JVMs
cp "$jar" "$work/spotter.jar"
jar="$work/spotter.jar"
needed="ingest worker"
[ "$only" = ingest ] && needed=ingest
[ "$only" = replay ] && needed=worker
for c in $needed; do
  java -jar "$jar" --help | grep -qE "^ +$c " || { echo "this build has no 'spotter $c'; rebuild (mvn -B -q -DskipTests package)" >&2; exit 2; }
done
java -jar "$jar" ingest --help | grep -q 'JDBC-URL' || { echo "this build's --store takes no JDBC URL" >&2; exit 2; }
[ "$only" = ingest ] || java -jar "$jar" check --help | grep -q -- '--wait-for-workers' || { echo "this build's check has no --wait-for-workers" >&2; exit 2; }

{
  echo "# bench/fleet.sh $exchanges $partitions $rounds, $(date -u '+%F %T') UTC"
  echo
  echo "commit: $(git -C "$root" log -1 --format='%h %s' 2>/dev/null || echo unknown) (work tree may differ)"
  echo "machine: $(nproc) CPU $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB, Linux $(uname -r), $(java -version 2>&1 | head -1)"
  echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo '```'
} >"$out"
# Is something else busy? (the load average lags: it still counts a run that just ended)
c0=$(cpu_ticks); sleep 2; idle0=$(idle_share "$c0" "$(cpu_ticks)")
echo "CPU idle over 2 s before the start: $idle0" >>"$out"
if python3 -c "import sys; sys.exit(0 if float('$idle0') < 0.5 else 1)"; then
  echo "warning: only $idle0 of the CPUs was idle before the start: something else is busy, and the figures will show it ('rest' below)" | tee -a "$out" >&2
fi

cd "$work"   # whatever a command writes next to it lands here, not in the checkout

# --- the sample service: old build twice (primary, secondary), new build (candidate) ----------
cat >"$work/FleetBench.java" <<'JAVA'
import dev.spotter.demo.LegacyOrdersService;
import dev.spotter.demo.TrafficGenerator;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** services P1 P2 P3: run the sample service until stdin closes; traffic URL N SEED: send N requests. */
public class FleetBench {
  public static void main(String[] a) throws Exception {
    if (a[0].equals("services")) {
      List<LegacyOrdersService> running = new ArrayList<>();
      running.add(LegacyOrdersService.start(LegacyOrdersService.Build.OLD, Integer.parseInt(a[1])));
      running.add(LegacyOrdersService.start(LegacyOrdersService.Build.OLD, Integer.parseInt(a[2])));
      running.add(LegacyOrdersService.start(LegacyOrdersService.Build.NEW, Integer.parseInt(a[3])));
      System.out.println("services ready");
      System.out.flush();
      while (System.in.read() >= 0) {}
      running.forEach(LegacyOrdersService::close);
    } else {
      long t0 = System.nanoTime();
      int n = new TrafficGenerator(16, Duration.ofSeconds(10))
          .run(URI.create(a[1]), Integer.parseInt(a[2]), Long.parseLong(a[3])).size();
      System.out.printf("sent %d requests in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
    }
  }
}
JAVA
mkfifo "$work/services.in"
java -cp "$jar" "$work/FleetBench.java" services "${svc_ports[@]}" <"$work/services.in" >"$work/services.log" 2>&1 &
services_pid=$!
pids+=("$services_pid")
exec 7>"$work/services.in"   # the services run while this stays open
for p in "${svc_ports[@]}"; do wait_port "$p" 60; done
primary="http://127.0.0.1:${svc_ports[0]}"
secondary="http://127.0.0.1:${svc_ports[1]}"
candidate="http://127.0.0.1:${svc_ports[2]}"

# --- Kafka and PostgreSQL ----------------------------------------------------------------------
"$root"/scripts/local-kafka start --port "$kafka_port" | raw
"$root"/scripts/local-kafka topic "$topic" "$partitions" | raw
"$root"/scripts/local-postgres start | raw
pg_url() { echo "jdbc:postgresql://127.0.0.1:$(cat "$SPOTTER_POSTGRES_DIR/port")/$1?user=postgres"; }
fresh_db() { "$root"/scripts/local-postgres psql -c "CREATE DATABASE $1" >/dev/null; pg_url "$1"; }
kafka_url="kafka://127.0.0.1:$kafka_port"

# --- the topic: N real exchanges through `spotter record --sink` ------------------------------
log "publishing $exchanges exchanges: demo traffic through spotter record --sink $kafka_url/$topic"
# bounded by --duration, not by timeout(1): timeout passes a SIGTERM to its whole process group,
# and a second SIGTERM tells record to stop without draining
java $java_opts -jar "$jar" record --listen "127.0.0.1:$record_port" --target "$primary" \
  --sink "$kafka_url/$topic" --corpus fleet --admin off --store "$work/record.db" --duration 15m \
  >"$work/record.log" 2>&1 &
record_pid=$!
pids+=("$record_pid")
wait_port "$record_port" 60
timeout 900 java -cp "$jar" "$work/FleetBench.java" traffic "http://127.0.0.1:$record_port" "$exchanges" 7 | raw
kill -TERM "$record_pid"
wait "$record_pid" || { cat "$work/record.log" >&2; echo "spotter record failed" >&2; exit 1; }
tail -n 4 "$work/record.log" | raw
offsets() {
  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$SPOTTER_KAFKA_LIB/*" org.apache.kafka.tools.GetOffsetShell \
    --bootstrap-server "127.0.0.1:$kafka_port" --topic "$1"
}
offsets "$topic" >"$work/offsets.txt"
published=$(awk -F: '{s += $3} END {print s}' "$work/offsets.txt")
echo "records per partition: $(awk -F: '{printf "%s%s", sep, $3; sep=" "}' "$work/offsets.txt")" | raw
log "the topic holds $published records"
[ "$published" -gt 0 ] || { echo "nothing was published" >&2; exit 1; }

# --- (a) ingest --------------------------------------------------------------------------------
# While ingest runs, a poller counts the store's exchanges every 0.1 s (SQLite: Python's sqlite3;
# PostgreSQL: one long-lived psql). The rate is what was stored between the first sample that saw
# rows and the first that saw them all, over that time: JVM start, Kafka connection, group join,
# migrations and the --idle-exit wait are left out. The wall time of the process is given beside.
cat >"$work/poll.py" <<'PY'
import os, sqlite3, subprocess, sys, time
kind, target, n, stop = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
samples = []
if kind == "sqlite":
    def count():
        if not os.path.exists(target):
            return None
        c = sqlite3.connect(target, timeout=5)
        try:
            if not c.execute("SELECT 1 FROM sqlite_master WHERE name = 'exchanges'").fetchone():
                return None
            return c.execute("SELECT count(*) FROM exchanges").fetchone()[0]
        except sqlite3.OperationalError:
            return None
        finally:
            c.close()
else:
    port, db = target.split("/")
    cmd = ["psql", "-X", "-tA", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", db]
    if os.getuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--"] + cmd
    psql = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
    def ask(q):
        psql.stdin.write(q + "\n"); psql.stdin.flush()
        return psql.stdout.readline().strip()
    ready = [False]
    def count():
        if not ready[0]:
            if ask("SELECT to_regclass('public.exchanges') IS NOT NULL;") != "t":
                return None
            ready[0] = True
        return int(ask("SELECT count(*) FROM exchanges;"))
while True:
    stopping = os.path.exists(stop)  # the ingest process has exited: one last sample
    t = time.time()
    c = count()
    if c is not None:
        samples.append((t, c))
        if c >= n:
            break
    if stopping:
        break
    time.sleep(0.1)
first = next(((t, c) for t, c in samples if c > 0), None)
last = next(((t, c) for t, c in samples if c >= n), None)
final = samples[-1][1] if samples else 0
if first is None or last is None or last[0] <= first[0]:
    print(f"0 0 {final}")
else:
    print(f"{(last[1] - first[1]) / (last[0] - first[0]):.0f} {last[0] - first[0]:.2f} {final}")
PY
# ingest_once KIND STORE POLL_TARGET GROUP -> sets ing_wall, ing_stored, ing_rate, ing_span
ingest_once() {
  local kind=$1 store=$2 target=$3 group=$4 start end poller
  rm -f "$work/ingest.done"
  python3 "$work/poll.py" "$kind" "$target" "$published" "$work/ingest.done" >"$work/poll.out" &
  poller=$!
  cpu0=$(cpu_ticks)
  start=$(now)
  timeout 900 java $java_opts -jar "$jar" ingest --from "$kafka_url/$topic" --store "$store" \
    --corpus fleet --group "$group" --idle-exit "$idle_exit" >"$work/ingest.log" 2>&1 \
    || { kill "$poller" 2>/dev/null; cat "$work/ingest.log" >&2; echo "spotter ingest failed" >&2; exit 1; }
  end=$(now)
  ing_idle=$(idle_share "$cpu0" "$(cpu_ticks)")
  touch "$work/ingest.done"
  wait "$poller"
  ing_wall=$(secs "$start" "$end")
  ing_stored=$(sed -n 's/^Ingested \([0-9,]*\) exchanges.*/\1/p' "$work/ingest.log" | tr -d ,)
  read -r ing_rate ing_span ing_seen <"$work/poll.out"
  grep '^Ingested' "$work/ingest.log" | raw
  # counted in the store itself: a build that took the JDBC URL for a file name would show here
  [ "$ing_seen" = "$published" ] || { echo "the $kind store holds $ing_seen exchanges, not $published" >&2; exit 1; }
}
kinds="sqlite postgresql"
[ "$only" = replay ] && kinds=""
: >"$work/results.tsv"
for round in $(seq 1 "$rounds"); do
  for kind in $kinds; do
    log "round $round: ingest into $kind (fresh store): $published records"
    if [ "$kind" = sqlite ]; then
      ingest_once sqlite "$work/ingest$round.db" "$work/ingest$round.db" "bench-$kind-$round"
    else
      store="$(fresh_db "ingest$round")"
      ingest_once postgresql "$store" "$(cat "$SPOTTER_POSTGRES_DIR/port")/ingest$round" "bench-$kind-$round"
    fi
    [ "$ing_stored" = "$published" ] || { echo "ingest stored $ing_stored of $published" >&2; exit 1; }
    printf 'ingest\t%s\t%s\t%s\t%s\t%s\t%s\n' "$kind" "$round" "$ing_rate" "$ing_span" "$ing_wall" "$ing_idle" >>"$work/results.tsv"
    echo "$kind: $ing_rate exchanges/s over ${ing_span}s of storing; the process took ${ing_wall}s in all; CPU idle $ing_idle; load $(cut -d' ' -f1-3 /proc/loadavg)" | raw
  done
done

# --- (b) replay with one and two workers -------------------------------------------------------
# The workers (--once: one check, then exit) start first and poll the store for the check's job;
# the check's wall time runs from its own start to its exit (job opened, partitions replayed by
# the workers, answers judged, report written). Each check gets a fresh PostgreSQL database.
counts="1 2"
[ "$only" = ingest ] && counts=""
for round in $(seq 1 "$rounds"); do
  for workers in $counts; do
    tag="r${round}w$workers"
    store="$(fresh_db "replay_$tag")"
    log "round $round: check --from $kafka_url/$topic --wait-for-workers, $workers worker process(es), PostgreSQL"
    wpids=()
    for w in $(seq 1 "$workers"); do
      timeout 900 /usr/bin/time -o "$work/time-$tag-w$w" -f '%U %S' \
        java $java_opts -jar "$jar" worker --store "$store" --name "w$w" --once \
        >"$work/worker-$tag-$w.log" 2>&1 &
      wpids+=($!)
      pids+=($!)
    done
    cpu0=$(cpu_ticks)
    parts0=$(parts_ticks)
    start=$(now)
    status=0
    timeout 900 /usr/bin/time -o "$work/time-$tag-check" -f '%U %S' java $java_opts -jar "$jar" check --from "$kafka_url/$topic" --wait-for-workers \
      --primary "$primary" --secondary "$secondary" --candidate "$candidate" \
      --store "$store" --report "$work/report-$tag" >"$work/check-$tag.log" 2>&1 || status=$?
    end=$(now)
    cpu1=$(cpu_ticks)
    parts1=$(parts_ticks)
    idle=$(idle_share "$cpu0" "$cpu1")
    # 0: no regression, 1: regressions (the new build has planted ones); 2 is a failure
    [ "$status" -le 1 ] || { cat "$work/check-$tag.log" >&2; echo "spotter check failed ($status)" >&2; exit 1; }
    for p in "${wpids[@]}"; do
      wait "$p" || { echo "a worker exited with $?" >&2; tail -n 20 "$work"/worker-$tag-*.log >&2; exit 1; }
    done
    # CPU seconds during the check, by part; the rest is whatever else ran on the machine
    read -r cpu_parts < <(python3 - "$cpu0" "$cpu1" "$parts0" "$parts1" "$(getconf CLK_TCK)" "$work"/time-$tag-* <<'PY'
import sys
b0, i0 = map(int, sys.argv[1].split()); b1, i1 = map(int, sys.argv[2].split())
p0 = list(map(int, sys.argv[3].split())); p1 = list(map(int, sys.argv[4].split()))
hz = int(sys.argv[5])
def secs(f):
    u, s = open(f).read().split()[-2:]
    return float(u) + float(s)
workers = sum(secs(f) for f in sys.argv[6:] if not f.endswith("-check"))
check = sum(secs(f) for f in sys.argv[6:] if f.endswith("-check"))
services, kafka, pg = ((b - a) / hz for a, b in zip(p0, p1))
busy = (b1 - b0) / hz
rest = busy - workers - check - services - kafka - pg
print(" ".join(f"{x:.1f}" for x in (workers, check, services, kafka, pg, rest, busy + (i1 - i0) / hz)))
PY
    )
    split=""
    for w in $(seq 1 "$workers"); do
      echo "worker w$w: $(grep -v '^\s*$' "$work/worker-$tag-$w.log" | tail -n 3 | tr '\n' ' ')" | raw
      split="$split${split:+/}$(sed -n 's/.*replayed \([0-9]*\) exchanges.*/\1/p' "$work/worker-$tag-$w.log" | tail -n 1)"
    done
    wall=$(secs "$start" "$end")
    read -r compared report_secs < <(python3 - "$work/report-$tag/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(r["summary"]["compared"], r["run"].get("elapsedMillis", 0) / 1000)
PY
    )
    rate=$(python3 -c "print(round($compared / $wall))")
    grep -v '^\s*$' "$work/check-$tag.log" | tail -n 6 | raw
    printf 'replay\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$workers" "$round" "$rate" "$wall" "$report_secs" "$compared" "$idle" "$split" "$cpu_parts" >>"$work/results.tsv"
    echo "CPU seconds, workers / check / services / Kafka / PostgreSQL / rest of the machine / available: ${cpu_parts// / \/ }" | raw
    echo "$workers worker(s): $compared compared in ${wall}s wall (${report_secs}s in report.json), $rate exchanges/s; CPU idle $idle; load $(cut -d' ' -f1-3 /proc/loadavg)" | raw
  done
done
echo '```' >>"$out"

# --- the tables --------------------------------------------------------------------------------
table="$(python3 - "$work/results.tsv" "$published" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
n = int(sys.argv[2])
ingest = {(r[1], int(r[2])): (int(r[3]), r[4], r[5], r[6]) for r in rows if r[0] == "ingest"}
replay = {(int(r[1]), int(r[2])): (int(r[3]), r[4], float(r[5]), int(r[6]), r[7], r[8], r[9].split()) for r in rows if r[0] == "replay"}
if ingest:
    rounds = sorted({k[1] for k in ingest})
    print(f"Ingest of {n:,} exchanges (fresh store each):")
    print()
    print("| round | SQLite exchanges/s | PostgreSQL exchanges/s | PostgreSQL / SQLite | seconds storing, SQLite / PostgreSQL | process in all (s), SQLite / PostgreSQL | CPU idle, SQLite / PostgreSQL |")
    print("|---|---|---|---|---|---|---|")
    ratios = []
    for r in rounds:
        s, p = ingest[("sqlite", r)], ingest[("postgresql", r)]
        ratios.append(p[0] / s[0])
        print(f"| {r} | {s[0]:,} | {p[0]:,} | {p[0] / s[0]:.2f} | {s[1]} / {p[1]} | {s[2]} / {p[2]} | {s[3]} / {p[3]} |")
    if len(rounds) > 1:
        print(f"| median | {statistics.median(ingest[('sqlite', r)][0] for r in rounds):,.0f} | {statistics.median(ingest[('postgresql', r)][0] for r in rounds):,.0f} | {statistics.median(ratios):.2f} | | | |")
    print()
if replay:
    rounds = sorted({k[1] for k in replay})
    print("Replay, check --from kafka:// --wait-for-workers (PostgreSQL store, fresh database each):")
    print()
    print("| round | compared | 1 worker: exchanges/s (wall s) | 2 workers: exchanges/s (wall s) | two / one | report.json elapsed (s), 1 / 2 | CPU idle, 1 / 2 | replayed by each of the 2 |")
    print("|---|---|---|---|---|---|---|---|")
    ratios = []
    for r in rounds:
        a, b = replay[(1, r)], replay[(2, r)]
        ratios.append(b[0] / a[0])
        print(f"| {r} | {a[3]:,} | {a[0]:,} ({a[1]}) | {b[0]:,} ({b[1]}) | {b[0] / a[0]:.2f} | {a[2]:.2f} / {b[2]:.2f} | {a[4]} / {b[4]} | {b[5]} |")
    if len(rounds) > 1:
        print(f"| median | | {statistics.median(replay[(1, r)][0] for r in rounds):,.0f} | {statistics.median(replay[(2, r)][0] for r in rounds):,.0f} | {statistics.median(ratios):.2f} | | | |")
    print()
    print("Where the CPU went during each check (CPU seconds; 'rest' is everything else on the machine):")
    print()
    print("| round | workers | worker processes | check (coordinator) | 3 sample services | Kafka | PostgreSQL | rest | CPU seconds available (2 × wall) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rounds:
        for w in (1, 2):
            c = replay[(w, r)][6]
            print(f"| {r} | {w} | " + " | ".join(c) + " |")
PY
)"
{ echo; echo "$table"; } >>"$out"
echo
echo "$table"
echo
echo "raw output: ${out#$root/}"
