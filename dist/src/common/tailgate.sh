#!/bin/sh
# tailgate's launcher: the bundled Java runtime, so the machine needs no JDK. TAILGATE_JAVA_OPTS
# replaces the JVM options below (the same as the ./tailgate launcher of a clone).
here="$(dirname "$(readlink -f "$0")")"
home="@HOME@"
[ -d "$home" ] || home="$here/../lib"
default_opts="-XX:+UseSerialGC -Xmn24m -Xmx512m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xss512k -XX:ReservedCodeCacheSize=64m"
# shellcheck disable=SC2086 # the options are a list
exec "$home/runtime/bin/java" ${TAILGATE_JAVA_OPTS-$default_opts} -jar "$home/tailgate.jar" "$@"
