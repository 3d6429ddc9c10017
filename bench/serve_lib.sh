# bench/serve_lib.sh: what the bench/serve* scripts share (sourced, not run). Starting and stopping
# `fathom serve` pinned to cores 0 and 1, waiting for /health, running wrk, reading its figures.
# Expects ROOT (the checkout) and work (a scratch folder) to be set by the script.

command -v wrk >/dev/null || { echo "${0##*/}: wrk is not installed (Debian: apt-get install wrk)" >&2; exit 1; }

server=""

# stop_server: SIGTERM (the shutdown hook closes the server gracefully), then wait.
stop_server() {
  if [[ -n $server ]] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server"
    wait "$server" 2>/dev/null || true
  fi
  server=""
}

# start_server MODEL PORT [SERVE OPTIONS...]: starts it in the background and waits for /health.
# The launcher is $ROOT/fathom, or $launcher when set (bench/serve_cnn_vs serves an older build).
start_server() {
  local model=$1 port=$2
  shift 2
  # shellcheck disable=SC2086
  taskset -c 0,1 "${launcher:-$ROOT/fathom}" serve "$model" --port "$port" "$@" ${FATHOM_SERVE_OPTS:-} >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && return 0
    kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; echo "${0##*/}: the server exited" >&2; exit 1; }
    sleep 0.1
  done
  cat "$work/server.log" >&2
  echo "${0##*/}: no answer on port $port" >&2
  exit 1
}

# run_wrk OUT URL RECORD SECONDS [CONNECTIONS]: a warm-up of SERVE_WARMUP seconds (default 5: the JIT
# compiles the request path; under full load C2 keeps compiling for ~45 s, so SERVE_WARMUP=45 measures
# the steady state), then the measured run, its report in OUT. wrk shares cores 0 and 1 with the server (on a 2-core
# machine there are no others), so the figures are a floor for a server with the cores to itself.
run_wrk() {
  local out=$1 url=$2 record=$3 seconds=$4 connections=${5:-32}
  taskset -c 0,1 wrk -t2 -c"$connections" -d"${SERVE_WARMUP:-5}s" -s "$ROOT/bench/serve_predict.lua" "$url" -- "$record" >/dev/null
  taskset -c 0,1 wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$ROOT/bench/serve_predict.lua" \
    "$url" -- "$record" >"$out"
  local non2xx
  non2xx=$(awk '/^non_2xx_responses/ { print $2 }' "$out")
  if [[ ${non2xx:-0} != 0 ]]; then
    cat "$out" >&2
    echo "${0##*/}: $non2xx responses were not 200; see the server log:" >&2
    tail -20 "$work/server.log" >&2
    exit 1
  fi
}

# wrk_rps FILE / wrk_p99_ms FILE: the figures of a wrk report.
wrk_rps() {
  awk '/^Requests\/sec:/ { print $2 }' "$1"
}
wrk_p99_ms() {
  # wrk prints "99%  3.21ms" (or us / s); convert to milliseconds.
  awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f", v }' "$1"
}

# batch_records PORT: "N passes, M records per pass" from the server's fathom_serve_batch_records
# histogram (what --max-batch made of the load), or "no batch metric" for a server without one.
batch_records() {
  curl -fs "http://127.0.0.1:$1/metrics" 2>/dev/null | awk '
    /^fathom_serve_batch_records_sum/ { s = $2 } /^fathom_serve_batch_records_count/ { c = $2 }
    END { if (c > 0) printf "%d passes, %.2f records per pass", c, s / c; else print "no batch metric" }'
}
