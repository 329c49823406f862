#!/usr/bin/env bash
# `spikelab serve` under abuse, all at once, on loopback (README, Reliability):
#   - wrk -t2 -c256 flooding POST /orders far over the throttle (abuse.yaml);
#   - 200 clients that send a request head a byte a second;
#   - 10 bodies of 10 MB (the limit: read, then refused as not JSON, or
#     throttled), 10 of 10 MB and a byte (413), and 20 heads of 100 KB (400);
#   - GET /health every half second, its status and time recorded;
#   - the server's resident memory sampled every 0.2 s;
# then SIGINT, and the report's ledger checked. Installs wrk when missing.
#   Benchmarks/http/abuse.sh [seconds, default 20]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_EACH="${1:-20}"
PORT=18085
command -v wrk >/dev/null || {
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
}
./dev build >/dev/null
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

.build/release/spikelab serve Benchmarks/http/abuse.yaml --port "$PORT" --out "$work/run" >"$work/serve.log" 2>&1 &
serve=$!
for _ in $(seq 50); do curl -s "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.1; done

# Resident memory, every 0.2 s.
( while kill -0 "$serve" 2>/dev/null; do awk '/VmRSS/ {print $2}' "/proc/$serve/status" 2>/dev/null; sleep 0.2; done ) >"$work/rss" &
# /health every 0.5 s: status and seconds.
( for _ in $(seq $((SECONDS_EACH * 2))); do
    curl -s -o /dev/null -m 5 -w '%{http_code} %{time_total}\n' "http://127.0.0.1:$PORT/health" || echo "000 5"
    sleep 0.5
  done ) >"$work/health" &
health=$!
# 200 slow clients.
python3 - "$PORT" "$SECONDS_EACH" >"$work/slow" <<'PY' &
import socket, sys, time
port, seconds = int(sys.argv[1]), int(sys.argv[2])
head = b"POST /orders HTTP/1.1\r\nHost: x\r\n"
socks = [socket.create_connection(("127.0.0.1", port)) for _ in range(200)]
closed_at = {}
start = time.time()
for second in range(seconds):
    for i, s in enumerate(socks):
        if i in closed_at: continue
        try:
            s.setblocking(False)
            try:
                if s.recv(1) == b"": raise ConnectionError
            except BlockingIOError:
                pass
            s.send(head[second % len(head):][:1])
        except (ConnectionError, OSError):
            closed_at[i] = time.time() - start
    time.sleep(1)
print(len(closed_at), max(closed_at.values()) if closed_at else -1)
PY
slow=$!
# The flood.
body="$(cat Benchmarks/http/order.json)"
cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.body = [[$body]]
wrk.headers["Content-Type"] = "application/json"
LUA
wrk -t2 -c256 -d"${SECONDS_EACH}s" -s "$work/post.lua" "http://127.0.0.1:$PORT/orders" >"$work/wrk" 2>&1 &
flood=$!
# Large bodies and heads, while the flood runs.
head -c $((10 * 1024 * 1024)) /dev/zero | tr '\0' 'x' >"$work/10mb"
{ cat "$work/10mb"; echo -n x; } >"$work/over"
big=""
for i in $(seq 20); do
  file="$work/10mb"; [ $((i % 2)) -eq 0 ] && file="$work/over"
  big+="$(curl -s -o /dev/null -w '%{http_code} ' --data-binary @"$file" "http://127.0.0.1:$PORT/orders") "
  big+="$(curl -s -o /dev/null -w '%{http_code} ' -H "X-Big: $(head -c 100000 /dev/zero | tr '\0' 'a')" "http://127.0.0.1:$PORT/health") "
done
wait "$flood" "$health" "$slow"
kill -INT "$serve"
status=0; wait "$serve" || status=$?

echo "flood:       $(grep -E 'Requests/sec' "$work/wrk")  $(grep -E 'Non-2xx' "$work/wrk" || true)"
echo "large:       bodies and heads answered $(echo $big | tr ' ' '\n' | sort | uniq -c | awk '{printf "%s×%s ", $2, $1}')"
read -r closed last <"$work/slow"
echo "slow:        $closed of 200 slow clients closed by the server, the last after ${last}s"
echo "health:      $(awk '$1 == 200' "$work/health" | wc -l) of $(wc -l <"$work/health") answered 200, slowest $(sort -k2 -n "$work/health" | tail -1 | cut -d' ' -f2)s"
echo "memory:      peak resident $(sort -n "$work/rss" | tail -1 | awk '{printf "%.0f MB", $1/1024}')"
echo "after SIGINT: exit $status; $(python3 -c "
import json; s = json.load(open('$work/run/summary.json')); c = s['conservation']
print('conservation holds' if c['holds'] else 'CONSERVATION BROKEN', '-', c['equation'])")"
