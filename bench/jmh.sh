#!/usr/bin/env bash
# Builds the JMH benchmarks and runs them; arguments go to JMH (default: every benchmark, 1 fork).
# Example: bench/jmh.sh WhoisBenchmark -f 1 -wi 3 -i 5 -t 1
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$here" && mvn -q -B -DskipTests -pl bench -am package)
exec java -jar "$here/bench/target/benchmarks.jar" "${@:--f 1}"
