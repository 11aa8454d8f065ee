#!/bin/sh
# tailgate's launcher: the bundled Java runtime, so the machine needs no JDK. TAILGATE_JAVA_OPTS
# replaces the JVM options below (the same as the ./tailgate launcher of a clone).
here="$(dirname "$(readlink -f "$0")")"
home="@HOME@"
[ -d "$home" ] || home="$here/../lib"
default_opts="-XX:+UseSerialGC -Xms64m -Xmn24m -XX:SurvivorRatio=3 -Xmx512m -XX:MaxDirectMemorySize=192m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xss512k -XX:ReservedCodeCacheSize=64m"
# Class data sharing (bench/README.md, cold start): `train-class-data` records the classes a run
# loads (the package does it when installed), and every `run` maps them. TAILGATE_CDS=off leaves it
# out.
archive="@CDS@"
cds_opts=""
if [ "${1:-}" = train-class-data ]; then
  cds_opts="-XX:ArchiveClassesAtExit=$archive -Xlog:cds=off -Xlog:cds+dynamic=off"
elif [ "${1:-}" = run ] && [ "${TAILGATE_CDS:-on}" != off ] && [ -r "$archive" ]; then
  cds_opts="-XX:SharedArchiveFile=$archive -Xlog:cds=off -Xlog:cds+dynamic=off"
fi
# shellcheck disable=SC2086 # the options are lists
exec "$home/runtime/bin/java" ${TAILGATE_JAVA_OPTS-$default_opts} $cds_opts -jar "$home/tailgate.jar" "$@"
