#!/usr/bin/env bash
# Side-by-side HTTP figures on this machine, in one run (README, "Speed over HTTP"):
#   1. wrk against nginx answering a fixed 202, and against `spikelab serve`
#      answering POST /orders with the queue-buffered pipeline behind it
#      (and GET /health), and against Hummingbird 2 alone answering a fixed 202
#      after reading the body (hummingbird-floor: the framework's ceiling, which
#      `serve` cannot pass), in alternating rounds;
#   2. hey against the same nginx, and SpikeLab's HTTP generator (run --target,
#      with each client) against it at the rate hey reached, open loop.
# Installs nginx-light, wrk and hey from Debian's packages when missing.
#   Benchmarks/http/compare.sh [seconds per measurement, default 10]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_EACH="${1:-10}"
CONNECTIONS=64
NGINX_PORT=18081
SERVE_PORT=18082
FLOOR_PORT=18083

need=()
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v wrk >/dev/null || need+=(wrk)
command -v hey >/dev/null || need+=(hey)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
./dev build >/dev/null
swift build -c release --product hummingbird-floor >/dev/null
tool=.build/release/spikelab

work="$(mktemp -d)"
cleanup() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  [ -n "${serve_pid:-}" ] && kill -INT "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null || true
  [ -n "${floor_pid:-}" ] && kill "$floor_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cat > "$work/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 10000000;
  client_body_temp_path $work;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / { default_type application/json; return 202 '{"requestId":"1"}'; }
  }
}
NGINX
/usr/sbin/nginx -c "$work/nginx.conf" -p "$work"

body="$(cat Benchmarks/http/order.json)"
cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '$body'
wrk.headers["Content-Type"] = "application/json"
LUA

"$tool" serve Benchmarks/http/serve.yaml --port "$SERVE_PORT" --out "$work/serve-report" >"$work/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$SERVE_PORT/health" >/dev/null && break; sleep 0.1; done
status="$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'content-type: application/json' --data "$body" "http://127.0.0.1:$SERVE_PORT/orders")"
[ "$status" = 202 ] || { echo "serve answered $status, not 202" >&2; exit 1; }
.build/release/hummingbird-floor "$FLOOR_PORT" >"$work/floor.log" 2>&1 &
floor_pid=$!
for _ in $(seq 100); do curl -sf -X POST --data "$body" "http://127.0.0.1:$FLOOR_PORT/orders" >/dev/null && break; sleep 0.1; done
status="$(curl -s -o /dev/null -w '%{http_code}' -X POST --data "$body" "http://127.0.0.1:$FLOOR_PORT/orders")"
[ "$status" = 202 ] || { echo "hummingbird-floor answered $status, not 202" >&2; exit 1; }

rps() { awk '/Requests\/sec/ {print $2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
# Waits until serve's queue is empty, so that its consumers do not take CPU
# from the next measurement.
drained() {
  for _ in $(seq 600); do
    curl -s "http://127.0.0.1:$SERVE_PORT/metrics" | awk '/^spikelab_queue_(visible|in_flight) / {n += $2} END {exit n > 0}' && return
    sleep 0.1
  done
}
# Three alternating rounds: this machine is shared, and one round's ratio
# moves by half either way; the median ratio is the figure.
ROUNDS=3
ratios=()
floors=()
echo "wrk -t2 -c$CONNECTIONS -d${SECONDS_EACH}s, $ROUNDS alternating rounds"
for round in $(seq $ROUNDS); do
  nginx_rps="$(wrk -t2 -c$CONNECTIONS -d${SECONDS_EACH}s -s "$work/post.lua" "http://127.0.0.1:$NGINX_PORT/orders" | rps)"
  serve_rps="$(wrk -t2 -c$CONNECTIONS -d${SECONDS_EACH}s -s "$work/post.lua" "http://127.0.0.1:$SERVE_PORT/orders" | rps)"
  queued="$(curl -s "http://127.0.0.1:$SERVE_PORT/metrics" | awk '/^spikelab_queue_visible / {printf "%d", $2}')"
  drained
  # serve's route that does no pipeline work (behind serve's middleware), then
  # Hummingbird alone: the framework's own ceiling here, with nothing behind it.
  health_rps="$(wrk -t2 -c$CONNECTIONS -d${SECONDS_EACH}s "http://127.0.0.1:$SERVE_PORT/health" | rps)"
  floor_rps="$(wrk -t2 -c$CONNECTIONS -d${SECONDS_EACH}s -s "$work/post.lua" "http://127.0.0.1:$FLOOR_PORT/orders" | rps)"
  ratios+=("$(ratio "$serve_rps" "$nginx_rps")")
  floors+=("$(ratio "$floor_rps" "$nginx_rps")")
  echo "  round $round: nginx fixed 202 $nginx_rps/s; serve POST /orders $serve_rps/s ($(ratio "$serve_rps" "$nginx_rps") of nginx; $queued queued at the end, then drained); serve GET /health $health_rps/s ($(ratio "$health_rps" "$nginx_rps")); Hummingbird alone, fixed 202 $floor_rps/s ($(ratio "$floor_rps" "$nginx_rps"))"
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
echo "  serve / nginx, median of $ROUNDS rounds: $(median "${ratios[@]}"); Hummingbird alone / nginx: $(median "${floors[@]}")"

echo "hey -z ${SECONDS_EACH}s -c 50 POST /orders against nginx"
hey_rps="$(hey -z "${SECONDS_EACH}s" -c 50 -m POST -T application/json -d "$body" "http://127.0.0.1:$NGINX_PORT/orders" | awk '/Requests\/sec/ {print $2}')"
echo "  hey (closed loop, 50 workers):    $hey_rps requests/s"
rate="$(awk -v r="$hey_rps" 'BEGIN {printf "%d", r}')"
# SpikeLab's HTTP generator at hey's rate, open loop, with each client.
for client in nio async-http-client; do
  "$tool" run Benchmarks/http/generator.yaml --target "http://127.0.0.1:$NGINX_PORT" --connections "$CONNECTIONS" --client "$client" --quiet \
    --set "workloads.orders.rate={constant: {rate: $rate, duration: ${SECONDS_EACH}s}}" --out "$work/generator-$client" || true
  python3 - "$work/generator-$client/summary.json" "$rate" "$client" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
g, c = s["generator"], s["counts"]
r = s["latency"]["gateway_response"]["all"]
answered = sum(s["http"]["statuses"].values())
print(f"  spikelab run --target --client {sys.argv[3]} (open loop at {int(sys.argv[2])}/s): {g['achievedRate']:.0f} requests/s sent "
      f"(late {c['late']}, dropped {c['dropped']}, send lag p99 {g['sendLag']['p99_ms']} ms); "
      f"{answered} answered in {s['simulatedSeconds']:.1f} s = {answered / s['simulatedSeconds']:.0f} answers/s; "
      f"answer p50 {r['p50_ms']} ms p99 {r['p99_ms']} ms (corrected)")
PY
done
