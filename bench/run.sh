#!/usr/bin/env bash
# Benchmarks of SPEC §12 on a generated store. Not a test: it prints measurements.
#   bash bench/run.sh [N]          (default N = 100000; needs build-rel/ or BUILD=dir)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
build=${BUILD:-build-rel}
if [ ! -x "$build/itk" ] || [ ! -x "$build/itk-bench-gen" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" --target itk itk-bench-gen >/dev/null
fi
itk=$PWD/$build/itk
work=${BENCH_DIR:-/tmp/itk-bench}
store=$work/store-$n
mkdir -p "$work"
if [ ! -f "$store/.generated" ]; then
  rm -rf "$store"
  echo "generating $n tickets in $store ..."
  "$build/itk-bench-gen" "$store" "$n"
  touch "$store/.generated"
fi
export ITK_ACTOR=bench
unset ITK_NOW ITK_DIR
cd "$store"

# best of 3 wall-clock seconds of a command
best() {
  local best_t=999999 t
  for _ in 1 2 3; do
    local s e
    s=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    if (( $(echo "$t < $best_t" | bc -l) )); then best_t=$t; fi
  done
  printf '%.3f' "$best_t"
}
cat_all() { find tickets -name '*.json' -exec cat {} + ; }

echo "== store: $n tickets, $(du -sh tickets | cut -f1), $(nproc) cores"
cat_all >/dev/null # warm the cache
t_cat=$(best cat_all)
t_list=$(best "$itk" list)
t_all=$(best "$itk" list --all)
t_json=$(best "$itk" list --all --json)
echo "cat tickets/*            ${t_cat} s"
printf 'itk list                 %s s  (%.2fx cat)\n' "$t_list" "$(echo "$t_list / $t_cat" | bc -l)"
printf 'itk list --all           %s s  (%.2fx cat)\n' "$t_all" "$(echo "$t_all / $t_cat" | bc -l)"
printf 'itk list --all --json    %s s  (%.2fx cat)\n' "$t_json" "$(echo "$t_json / $t_cat" | bc -l)"
if "$itk" report --help >/dev/null 2>&1; then
  t_report=$(best "$itk" report --since 2026-01-01 --until 2027-01-01 --format json)
  printf 'itk report               %s s  (%.2fx cat)\n' "$t_report" "$(echo "$t_report / $t_cat" | bc -l)"
fi
/usr/bin/time -f 'itk list --all peak memory: %M KB' "$itk" list --all >/dev/null

# single-ticket commands: mean over 50 runs
id=$("$itk" open --title "bench" --caller bench)
runs=50
s=$(date +%s.%N)
for _ in $(seq $runs); do "$itk" -q open --title "bench open" --caller bench >/dev/null; done
e=$(date +%s.%N)
printf 'itk open (mean of %d)    %.1f ms\n' $runs "$(echo "($e - $s) * 1000 / $runs" | bc -l)"
s=$(date +%s.%N)
for _ in $(seq $runs); do "$itk" -q note "$id" "bench note"; done
e=$(date +%s.%N)
printf 'itk note (mean of %d)    %.1f ms\n' $runs "$(echo "($e - $s) * 1000 / $runs" | bc -l)"
s=$(date +%s.%N)
for _ in $(seq $runs); do "$itk" -q show "${id:4:6}" >/dev/null; done
e=$(date +%s.%N)
printf 'itk show PREFIX (mean)   %.1f ms\n' "$(echo "($e - $s) * 1000 / $runs" | bc -l)"

# 8 processes x 500 changes on one small store: no lost update, every file passes fsck
conc=$work/concurrency
rm -rf "$conc"
"$itk" -q init "$conc"
ids=()
for i in 1 2 3 4; do ids+=("$("$itk" --dir "$conc" open --title "t$i" --caller c)"); done
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
printf '8 x 500 concurrent notes %.1f s; events %d (expected %d); ' "$(echo "$e - $s" | bc -l)" "$events" $((4 + 4000))
"$itk" --dir "$conc" fsck && echo "fsck ok"
