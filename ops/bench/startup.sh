#!/usr/bin/env bash
# Measures `ops/starling up`: build time, start-up on an empty and on an existing data folder
# (until /health/ready answers 200), resident memory of each process, and stop time (SIGTERM).
# Usage: ops/bench/startup.sh            (uses the default ports; nothing else may hold them)
# Prints one line per figure; the data folder is a fresh temporary one, removed at the end.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
data_dir=$(mktemp -d)
port=${STARLING_HTTP_PORT:-8080}
trap 'rm -rf "$data_dir"' EXIT

now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"

start=$(now)
(cd "$repo_root" && mvn -B -q -DskipTests package)
echo "build (mvn package, tests skipped): $(since "$start") s"

rss() {
  local pid
  pid=$(pgrep -f "$2" | head -1)
  echo "  RSS $1: $(( $(ps -o rss= -p "$pid") / 1024 )) MB"
}

run_once() {
  local label=$1 log="$data_dir/up-$1.log"
  local started
  started=$(now)
  STARLING_DATA_DIR="$data_dir/data" "$repo_root/ops/starling" up >"$log" 2>&1 &
  local pid=$!
  until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "ops/starling up died; log: $log"; cat "$log"; exit 1; }
    sleep 0.2
  done
  echo "$label data folder: ready after $(since "$started") s"
  rss cassandra 'CassandraDaemon'
  rss kafka 'kafka\.Kafka'
  rss "starling node" 'dev\.starling\.ops\.StarlingUp'
  local stopping
  stopping=$(now)
  kill -TERM "$pid"
  wait "$pid" || true
  echo "  stop (SIGTERM until every process exited): $(since "$stopping") s"
}

run_once empty
run_once existing
