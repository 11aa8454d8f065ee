#!/usr/bin/env bash
# Cold start of two tailgate jars, taking turns: the time from `java -jar JAR run` to the first 200
# over HTTPS with a certificate managed from a fake tailscaled and already stored, each jar with the
# class data archive its own `train-class-data` records (as the launchers do), one start of A, one
# of B, for ROUNDS rounds. A box whose speed drifts by more than the difference within minutes
# (this one does) cannot compare two runs of bench/run.sh; alternating starts can.
#
#   bash bench/cold-start-ab.sh BEFORE.jar AFTER.jar [ROUNDS]     (ROUNDS: 12)
#
# Prints every start and each jar's median, in ms. Needs java and curl; TAILGATE_JAVA_OPTS as in
# bench/run.sh (default: the launchers' options). Each side runs on the clone's launcher's JVM
# (TAILGATE_JAVA, else java) with that JVM's class data (an AOT cache on 25 and later, an AppCDS
# archive before); BENCH_B_JAVA runs B on another JVM, to compare two JVMs with the same jar.
set -euo pipefail
# shellcheck source=../cli/launcher/class-data.sh
. "$(dirname "${BASH_SOURCE[0]}")/../cli/launcher/class-data.sh"
[ $# -ge 2 ] || { sed -n '2,9p' "$0" >&2; exit 2; }
readonly ROUNDS="${3:-12}"
readonly HOST_NAME="vps.headless-chicken.ts.net"
readonly OPTS="${TAILGATE_JAVA_OPTS:--XX:+UseSerialGC -Xms64m -Xmn24m -XX:SurvivorRatio=3 -Xmx512m -XX:MaxDirectMemorySize=192m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xss512k -XX:ReservedCodeCacheSize=64m}"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
WORK="$(mktemp -d /tmp/tailgate-cold-ab.XXXXXX)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

JAVA_A="$(java_choice)"
JAVA_B="${BENCH_B_JAVA:-$JAVA_A}"
java_of() { [ "$1" = a ] && echo "$JAVA_A" || echo "$JAVA_B"; }
# each jar copied (the archive names the jar's path and time) and trained; the options that map
# its class data made here, outside the timed starts
declare -A CLASS_DATA
for side in a b; do
  [ "$side" = a ] && src="$1" || src="$2"
  mkdir -p "$WORK/$side"
  cp -p "$src" "$WORK/$side.jar"
  file="$(class_data_file "$(java_of "$side")" "$WORK/$side")"
  # shellcheck disable=SC2086 # OPTS is a list of options
  class_data_record "$(java_of "$side")" "$file" "$WORK/$side.jar" $OPTS \
    || { echo "train-class-data failed for $src on $(java_of "$side")" >&2; exit 1; }
  CLASS_DATA[$side]="$(class_data_options "$file")"
done

java -jar "$WORK/a.jar" fake-tailscaled --socket "$WORK/ts.sock" --root-ca "$WORK/root.pem" \
  >"$WORK/fake-tailscaled.log" 2>&1 &
PIDS+=("$!")
for _ in $(seq 300); do
  grep -q 'fake-tailscaled listening on' "$WORK/fake-tailscaled.log" && break
  sleep 0.1
done
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
mkdir -p "$WORK/htdocs"
echo ok >"$WORK/htdocs/index.html"
cat >"$WORK/tailgate.conf" <<EOF
Listen 127.0.0.1:$port https
MDStoreDir $WORK/md
<MDomain $HOST_NAME>
  MDCertificateProtocol tailscale
  MDCertificateAuthority $WORK/ts.sock
</MDomain>
<VirtualHost *:$port>
  ServerName $HOST_NAME
  SSLEngine on
  DocumentRoot $WORK/htdocs
</VirtualHost>
EOF

# Starts SIDE's jar, returns the ms until the first 200 (curl verifies the managed certificate).
start_once() {
  local side="$1" t0 t1 pid java
  java="$(java_of "$side")"
  t0="$(date +%s%N)"
  # shellcheck disable=SC2086 # the options are lists
  "$java" $OPTS ${CLASS_DATA[$side]} \
    -jar "$WORK/$side.jar" run -c "$WORK/tailgate.conf" --pid-file "$WORK/$side.pid" >"$WORK/run-$side.log" 2>&1 &
  pid="$!"
  until [ "$(curl -s --max-time 2 --cacert "$WORK/root.pem" --resolve "$HOST_NAME:$port:127.0.0.1" \
    -o /dev/null -w '%{http_code}' "https://$HOST_NAME:$port/" 2>/dev/null || true)" = 200 ]; do
    kill -0 "$pid" 2>/dev/null || { echo "$side's tailgate exited: $(tail -3 "$WORK/run-$side.log")" >&2; exit 1; }
    sleep 0.01
  done
  t1="$(date +%s%N)"
  kill -TERM "$pid"
  wait "$pid" 2>/dev/null || true
  echo $(((t1 - t0) / 1000000))
}

start_once a >/dev/null # the first start fetches and stores the certificate
a=()
b=()
for round in $(seq "$ROUNDS"); do
  a+=("$(start_once a)")
  b+=("$(start_once b)")
  echo "round $round: A ${a[-1]} ms, B ${b[-1]} ms"
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"; }
echo "A ($1 on $("$JAVA_A" -version 2>&1 | head -1)): median $(median "${a[@]}") ms"
echo "B ($2 on $("$JAVA_B" -version 2>&1 | head -1)): median $(median "${b[@]}") ms"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
