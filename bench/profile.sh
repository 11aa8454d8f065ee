#!/usr/bin/env bash
# bench/profile.sh [CONTENDERS]: where tailgate's CPU goes on the benchmark's keep-alive and
# new-connection runs. Runs bench/run.sh (BENCH_EXTRAS=0; default contender tailgate-auth) with
# async-profiler (Maven Central's tools.profiler:async-profiler, fetched by Maven) loaded into the
# running server for each run alone, then prints bench/profile-summary.py's breakdown of each.
# Profiles stay in bench/target/profiles; the run's figures are not the ones to quote (the profiler
# costs CPU). BENCH_PROFILE_EVENT=alloc profiles allocation (bytes) instead of CPU.
set -euo pipefail
readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly VERSION=4.2
readonly OUT="$ROOT/bench/target/profiles"
arch="$(uname -m)"
case "$arch" in x86_64) classifier=linux-x64 ;; aarch64) classifier=linux-arm64 ;; *) echo "no async-profiler for $arch" >&2; exit 1 ;; esac
jar="$HOME/.m2/repository/tools/profiler/async-profiler/$VERSION/async-profiler-$VERSION-$classifier.jar"
[ -f "$jar" ] || mvn -B -q dependency:get -Dartifact="tools.profiler:async-profiler:$VERSION:jar:$classifier"
mkdir -p "$OUT/lib"
unzip -o -q "$jar" -d "$OUT/lib"
rm -f "$OUT"/*.collapsed
BENCH_PROFILE="$(find "$OUT/lib" -name libasyncProfiler.so | head -1)" BENCH_PROFILE_OUT="$OUT" \
  BENCH_EXTRAS=0 BENCH_ONLY="${1:-tailgate-auth}" bash "$ROOT/bench/run.sh"
shopt -s nullglob
profiles=("$OUT"/*.collapsed)
[ ${#profiles[@]} -gt 0 ] || { echo "bench/profile.sh: no profile was written" >&2; exit 1; }
for profile in "${profiles[@]}"; do
  echo
  echo "== $(basename "$profile" .collapsed)"
  python3 "$ROOT/bench/profile-summary.py" "$profile"
done
