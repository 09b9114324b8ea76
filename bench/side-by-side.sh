#!/usr/bin/env bash
# bench/side-by-side.sh <rev-a> [<rev-b>]: two builds of mediagraph measured at
# once. Each revision (rev-b defaults to the working tree) is bundled as
# `npm run build` bundles it; both gateways run on CPU 0 together over the
# fixed upstreams of ../shared/peer (on CPU 1, with the load), each under its
# own autocannon, and each one's CPU time per request (utime + stime from
# /proc) is printed for three rounds. The machine's drift moves both alike,
# so the two columns compare where two runs one after the other would not;
# then each one's peak RSS.
# SBS_BODY replaces the request's JSON body; SBS_ENV='A=1 B=2' adds variables to both (default: both de-duplications
# off), SBS_ENV_A / SBS_ENV_B to one side; SBS_FLAGS_A / SBS_FLAGS_B replace
# one side's node flags (default
# `npm start`'s); SBS_REQUESTS sets the requests per round; PEER_DIR as for
# the bench. The same revision twice compares flags: `side-by-side.sh HEAD HEAD`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
peer=$(cd "$root/${PEER_DIR:-../shared/peer}" && pwd)
requests=${SBS_REQUESTS:-10000}
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  git -C "$root" worktree remove --force "$work/tree-a" 2>/dev/null || true
  git -C "$root" worktree remove --force "$work/tree-b" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

bundle() { # <rev or empty> <out>
  local source=$root
  if [ -n "$1" ]; then
    source=$work/tree-$2
    git -C "$root" worktree add -q --detach "$source" "$1"
    ln -s "$root/node_modules" "$source/node_modules"
  fi
  # The revision's own build script, into our scratch folder.
  local script
  script=$(node -p "require('$source/package.json').scripts.build")
  (cd "$source" && PATH="$root/node_modules/.bin:$PATH" sh -c "${script/--outdir=dist/--outdir=$root/scratch/side-by-side/$2}")
}
bundle "$1" a
bundle "${2:-}" b

taskset -c 1 env KIND=krea PORT=4660 node "$peer/bench/fixed-upstream.mjs" >/dev/null & pids+=($!)
taskset -c 1 env KIND=argil PORT=4661 node "$peer/bench/fixed-upstream.mjs" >/dev/null & pids+=($!)
extra=(${SBS_ENV:-OPERATION_DEDUPE=0 UPSTREAM_COALESCE=0})
start() { # <build> <port> <node flags> <variables of this side>
  (cd "$root" && exec env PORT="$2" KREA_BASE_URL=http://127.0.0.1:4660 ARGIL_BASE_URL=http://127.0.0.1:4661 \
    KREA_API_KEY=bench ARGIL_API_KEY=bench SHUTDOWN_GRACE_MS=0 LOG_FORMAT=json "${extra[@]}" $4 \
    taskset -c 0 node $3 "scratch/side-by-side/$1/main.js" >/dev/null 2>&1) &
  pids+=($!)
}
# npm start's node flags (`node --expose-gc … dist/main.js`), unless a side names its own.
start_flags=$(cd "$root" && node -p "require('./package.json').scripts.start.split(/\\s+/).slice(1, -1).join(' ')")
start a 4662 "${SBS_FLAGS_A:-$start_flags}" "${SBS_ENV_A:-}"
start b 4663 "${SBS_FLAGS_B:-$start_flags}" "${SBS_ENV_B:-}"
sleep 3
query=${SBS_BODY:-'{"query":"{ kreaAssets(first: 20) { nodes { id url createdAt width height sizeBytes mimeType description } } }"}'}
fire() { # <port> <amount>
  taskset -c 1 npx autocannon -c 16 -a "$2" -m POST -H content-type=application/json -H accept=application/json \
    -b "$query" "http://127.0.0.1:$1/graphql" >/dev/null 2>&1
}
cpu() { awk '{ print $14 + $15 }' "/proc/$(pgrep -f "scratch/side-by-side/$1/main.js" | head -1)/stat"; }
fire 4662 2000 & warm_a=$!
fire 4663 2000 & warm_b=$!
wait "$warm_a" "$warm_b"
for round in 1 2 3; do
  a0=$(cpu a); b0=$(cpu b)
  fire 4662 "$requests" & first=$!
  fire 4663 "$requests" & second=$!
  wait "$first" "$second"
  a1=$(cpu a); b1=$(cpu b)
  echo "round $round: ${1} $(((a1 - a0) * 10000 / requests)) µs/request, ${2:-working tree} $(((b1 - b0) * 10000 / requests)) µs/request"
done
hwm() { awk '/VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$(pgrep -f "scratch/side-by-side/$1/main.js" | head -1)/status"; }
echo "peak RSS: ${1} $(hwm a) MB, ${2:-working tree} $(hwm b) MB"
