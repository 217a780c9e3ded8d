#!/usr/bin/env bash
# The figures of SPEC §12 on generated stores, each as a ratio to a floor measured in the same
# run (the machine's speed cancels out). Not a test: it prints measurements, one table per size.
#   bash bench/run.sh [N...]        (default: 1000 10000 100000; BUILD=dir, default build-rel)
# Floors: reading every file, `find tickets -name '*.json' -exec cat {} +`; a single change,
# a process writing, fsyncing and renaming one 4 KB file (itk-bench-gen --write-floor).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
build=${BUILD:-build-rel}
if [ ! -x "$build/itk" ] || [ ! -x "$build/itk-bench-gen" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" --target itk itk-bench-gen >/dev/null
fi
itk=$PWD/$build/itk
gen=$PWD/$build/itk-bench-gen
work=${BENCH_DIR:-/tmp/itk-bench}
mkdir -p "$work"
export ITK_ACTOR=bench
unset ITK_NOW ITK_DIR

# "SECONDS PEAK_KB": the best wall-clock time of 3 runs of a command, and its peak memory
best() {
  local best_t=999999 peak=0 t kb s e
  for _ in 1 2 3; do
    s=$(date +%s%N)
    /usr/bin/time -o "$work/time" -f '%M' "$@" >/dev/null 2>&1 || true
    e=$(date +%s%N)
    t=$(echo "($e - $s) / 1000000000" | bc -l)
    read -r kb <"$work/time"
    if (( $(echo "$t < $best_t" | bc -l) )); then best_t=$t; fi
    if (( kb > peak )); then peak=$kb; fi
  done
  echo "$best_t $peak"
}
# p90 in ms of 50 runs of a command (wall clock, from date's nanoseconds)
p90() {
  local s e times=()
  for _ in $(seq 50); do
    s=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    e=$(date +%s%N)
    times+=($(( (e - s) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n '45p' | awk '{printf "%.1f", $1 / 1000}'
}
cat_all() { find tickets -name '*.json' -exec cat {} + >/dev/null; }
ratio() { echo "$1 / $2" | bc -l | xargs printf '%.2f'; }
row() { # name "seconds peak_kb" floor tickets
  local t=${2% *} kb=${2#* }
  printf '| %-38s | %7.3f s | %5s× | %8d KB | %6.2f KB |\n' "$1" "$t" "$(ratio "$t" "$3")" "$kb" \
    "$(echo "$kb / $4" | bc -l)"
}

for n in "${sizes[@]}"; do
  store=$work/store-$n
  if [ ! -f "$store/.generated" ]; then
    rm -rf "$store"
    echo "generating $n tickets in $store ..." >&2
    "$gen" "$store" "$n"
    touch "$store/.generated"
  fi
  cd "$store"
  cat_all # warm the page cache
  floor=$(best bash -c "find tickets -name '*.json' -exec cat {} + >/dev/null")
  floor=$(printf '%.3f' "${floor% *}")
  echo
  echo "### $n tickets ($(du -sh tickets | cut -f1)), $(nproc) cores; floor: cat of every file ${floor} s"
  echo
  echo '| command                                |      time |  ratio |  peak memory | per ticket |'
  echo '|----------------------------------------|-----------|--------|--------------|------------|'
  # Each cached command twice: every file changed (no .itk/cache, as after a fresh clone or
  # a pull that touched them all; the run writes it), then nothing changed (the cache serves).
  cached() { # NAME ARGS...
    local name=$1 t
    shift
    t=$(best bash -c 'rm -f .itk/cache && exec "$@"' - "$itk" "$@"); row "$name (all changed)" "$t" "$floor" "$n"
    "$itk" "$@" >/dev/null 2>&1 || true
    t=$(best "$itk" "$@"); row "$name (unchanged)" "$t" "$floor" "$n"
  }
  sleep 0.3 # past the racy window: the first run may record every file
  cached 'itk list' list
  cached 'itk list --all' list --all
  cached 'itk list --all --format' list --all --format '{id} {title}'
  t=$(best "$itk" list --all --json); row 'itk list --all --json' "$t" "$floor" "$n"
  cached 'itk export' export
  cached 'itk report (a year)' report --since 2026-01-01 --until 2027-01-01 --format json
  t=$(best "$itk" fsck); row 'itk fsck' "$t" "$floor" "$n"

  # single changes: p90 of 50 runs, beside the floor of one durable write
  id=$("$itk" -q open --title "bench" --caller bench)
  wf=$(p90 "$gen" --write-floor "$store/.itk")
  echo
  echo "single changes, p90 of 50 runs (floor: write + fsync + rename of 4 KB, ${wf} ms)"
  echo
  echo '| command          |   p90 | above the floor |'
  echo '|------------------|-------|-----------------|'
  for c in "open" "note" "show"; do
    case $c in
    open) t=$(p90 "$itk" -q open --title "bench open" --caller bench) ;;
    note) t=$(p90 "$itk" -q note "$id" "bench note") ;;
    show) # past the racy window of tickets/, which the notes' renames just changed: the ID
      # index serves (a lookup within 100 ms of a change lists the directory, git's rule)
      sleep 0.2
      t=$(p90 "$itk" -q show "${id:4:6}") ;;
    esac
    printf '| itk %-12s | %5s ms | %+.1f ms |\n' "$c$([ $c = show ] && echo ' PREFIX')" "$t" "$(echo "$t - $wf" | bc -l)"
  done
  # the tickets opened by the benchmark go, so that the next run measures the same store
  "$itk" list --all --caller bench --format '{id}' | while read -r b; do rm -f "tickets/$b.json"; done
  cd "$root"
done

# 8 processes x 500 changes on one small store: no lost update, every file passes fsck
conc=$work/concurrency
rm -rf "$conc"
"$itk" -q init "$conc"
ids=()
for i in 1 2 3 4; do ids+=("$("$itk" --dir "$conc" -q open --title "t$i" --caller c)"); done
s=$(date +%s.%N)
for p in 1 2 3 4 5 6 7 8; do
  ( for k in $(seq 500); do "$itk" --dir "$conc" -q note "${ids[$((k % 4))]}" "p$p-$k"; done ) &
done
wait
e=$(date +%s.%N)
events=0
for id in "${ids[@]}"; do
  c=$("$itk" --dir "$conc" show "$id" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["events"]))')
  events=$((events + c))
done
echo
printf '8 x 500 concurrent notes: %.1f s; events %d (expected %d); ' "$(echo "$e - $s" | bc -l)" "$events" $((4 + 4000))
"$itk" --dir "$conc" fsck 2>&1 | tail -n 1
