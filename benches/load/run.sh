#!/usr/bin/env bash
# Load test: requests per second of the SCIM server beside a bare axum hello-world, on this
# machine, in the same run, over loopback with `wrk`. The ratio SCIM/hello says how close to
# what this machine can serve through hyper and axum at all the SCIM layer gets.
#
#   benches/load/run.sh                      # 10k users, wrk -t1 -c32 -d10s
#   USERS=100000 DURATION=20s benches/load/run.sh
#   FEATURES=mimalloc benches/load/run.sh    # both servers with mimalloc
#   # the example server instead of scim-axum (it reads SCIM_TOKEN from the environment):
#   cargo build --release -p scim-examples --bin scim-server
#   SCIM_CMD='exec target/release/scim-server --listen $SCIM_ADDR' benches/load/run.sh
#
# Servers: `hello-axum` (GET /hello, a 15-byte JSON body) and, unless SCIM_CMD says how to
# start another, `scim-axum` (a ScimService over an InMemoryStore, mounted in axum as the
# example server mounts it), both on tokio's multi-threaded runtime. SCIM_CMD is run with
# bash, with SCIM_ADDR and SCIM_TOKEN in its environment; it must accept that token.
#
# The SCIM server is loaded with USERS users of `scim_benches::user` through POST /Bulk (250
# a request), then wrk runs, one after the other: GET /hello, GET /scim/v2/Users/{id},
# GET /scim/v2/Users?filter=userName eq "..." (always the same user: the in-process benches
# pick at random), then /hello again, so drift during the run shows.
#
# Mind the machine: wrk runs on the same cores as the server, and takes its share of them
# (on 2 cores, one wrk thread and two tokio workers compete for two CPUs). The absolute
# figures are this machine's; the ratio is what carries over.
#
# Not part of CI or `cargo test`: a developer runs it. Needs wrk (installed with apt-get when
# missing and running as root), curl and jq.
set -euo pipefail
cd "$(dirname "$0")/../.."

USERS=${USERS:-10000}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
HELLO_ADDR=${HELLO_ADDR:-127.0.0.1:3901}
export SCIM_ADDR=${SCIM_ADDR:-127.0.0.1:3902}
export SCIM_TOKEN=${SCIM_TOKEN:-bench-token}
BATCH=250

for tool in curl jq; do
    command -v "$tool" >/dev/null || { echo "run.sh needs $tool" >&2; exit 1; }
done
if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
    else
        echo "run.sh needs wrk (apt-get install wrk)" >&2
        exit 1
    fi
fi

features=()
if [ -n "${FEATURES:-}" ]; then features=(--features "$FEATURES"); fi
cargo build --release --quiet -p scim-benches --bin hello-axum --bin scim-axum --bin bench-users "${features[@]}"
bin=target/release

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

"$bin/hello-axum" "$HELLO_ADDR" &
pids+=($!)
if [ -n "${SCIM_CMD:-}" ]; then
    bash -c "$SCIM_CMD" &
else
    "$bin/scim-axum" "$SCIM_ADDR" &
fi
pids+=($!)

wait_up() {
    for _ in $(seq 100); do
        curl -s -o /dev/null "$1" && return 0
        sleep 0.1
    done
    echo "nothing answers at $1" >&2
    exit 1
}
wait_up "http://$HELLO_ADDR/hello"
wait_up "http://$SCIM_ADDR/scim/v2/ServiceProviderConfig"

scim=(-sS -H "Authorization: Bearer $SCIM_TOKEN" -H "Content-Type: application/scim+json")

echo "== loading $USERS users into the SCIM server"
started=$(date +%s%N)
for ((from = 0; from < USERS; from += BATCH)); do
    to=$((from + BATCH < USERS ? from + BATCH : USERS))
    failed=$("$bin/bench-users" "$from" "$to" \
        | curl "${scim[@]}" --data-binary @- "http://$SCIM_ADDR/scim/v2/Bulk" \
        | jq '[.Operations[] | select(.status != "201")] | length')
    [ "$failed" = 0 ] || { echo "$failed of users $from..$to were not created" >&2; exit 1; }
done
total=$(curl "${scim[@]}" "http://$SCIM_ADDR/scim/v2/Users?count=0" | jq .totalResults)
[ "$total" = "$USERS" ] || { echo "the server holds $total users, not $USERS" >&2; exit 1; }
echo "loaded in $((($(date +%s%N) - started) / 1000000)) ms"

n=$((USERS / 2))
filter=$(printf 'userName%%20eq%%20%%22user%06d%%40example.com%%22' "$n")
id=$(curl "${scim[@]}" "http://$SCIM_ADDR/scim/v2/Users?filter=$filter" | jq -r '.Resources[0].id')
[ -n "$id" ] && [ "$id" != null ] || { echo "user $n not found" >&2; exit 1; }

# Other work on the machine skews every figure; the load average says whether there was any.
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
log=$(mktemp)
# Requests per second of one wrk run; fails on any non-2xx answer or socket error.
rps() {
    local name=$1
    shift
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" >"$log"
    {
        echo "== $name"
        cat "$log"
    } >&2
    if grep -q -e 'Non-2xx' -e 'Socket errors' "$log"; then
        echo "$name: errors under load (above)" >&2
        exit 1
    fi
    awk '/^Requests\/sec:/ { print $2 }' "$log"
}

auth=(-H "Authorization: Bearer $SCIM_TOKEN")
hello1=$(rps "GET /hello" "http://$HELLO_ADDR/hello")
get=$(rps "GET /Users/{id}" "${auth[@]}" "http://$SCIM_ADDR/scim/v2/Users/$id")
eq=$(rps "GET /Users?filter=userName eq" "${auth[@]}" "http://$SCIM_ADDR/scim/v2/Users?filter=$filter")
hello2=$(rps "GET /hello (again)" "http://$HELLO_ADDR/hello")
rm -f "$log"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION on $(nproc) cores, $USERS users${FEATURES:+, features: $FEATURES}"
awk -v h1="$hello1" -v h2="$hello2" -v get="$get" -v eq="$eq" 'BEGIN {
    hello = (h1 + h2) / 2
    printf "%-36s %12s %8s\n", "request", "req/s", "/hello"
    printf "%-36s %12.0f %8s\n", "GET /hello (bare axum, first run)", h1, ""
    printf "%-36s %12.0f %8s\n", "GET /hello (bare axum, last run)", h2, ""
    printf "%-36s %12.0f %7.0f%%\n", "GET /scim/v2/Users/{id}", get, 100 * get / hello
    printf "%-36s %12.0f %7.0f%%\n", "GET /scim/v2/Users?filter=userName eq", eq, 100 * eq / hello
}'
