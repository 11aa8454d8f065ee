# shellcheck shell=bash
# The class data a clone's tailgate maps at start, for whichever JVM runs it (bench/README.md, cold
# start): an AOT cache on Java 25 and later (JEP 483/514: classes loaded and linked ahead, with the
# training run's method profiles), the dynamic AppCDS archive before. Sourced by ./tailgate and by
# bench/run.sh and bench/cold-start-ab.sh, so the benchmark starts tailgate as the launcher does.

# java_feature JAVA: the JVM's feature release (17, 25), read from its JDK's release file without
# starting it (a JVM start would cost what the cache saves); 0 when unknown.
java_feature() {
  local path home version
  path="$(command -v "$1" 2>/dev/null)" || { echo 0; return; }
  home="$(dirname "$(dirname "$(readlink -f "$path")")")"
  version="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null)"
  echo "${version:-0}"
}

# java_choice: the JVM that runs tailgate: TAILGATE_JAVA, else the java on the PATH. Not Java 25
# by itself where it is installed: taking turns with 17 it was not clearly faster (bench/README.md,
# "Which JVM").
java_choice() {
  echo "${TAILGATE_JAVA:-java}"
}

# class_data_file JAVA DIR: where runs of JAVA keep their class data in DIR, one file per JDK (a
# JVM refuses another JDK's).
class_data_file() {
  local home
  home="$(dirname "$(dirname "$(readlink -f "$(command -v "$1")")")")"
  if [ "$(java_feature "$1")" -ge 25 ]; then
    echo "$2/tailgate-$(basename "$home").aot"
  else
    echo "$2/tailgate.jsa"
  fi
}

# class_data_record JAVA FILE JAR [JVM OPTIONS…]: records FILE with a `train-class-data` run;
# leaves no file when that fails, so a start goes on without one.
class_data_record() {
  local java="$1" file="$2" jar="$3"
  shift 3
  rm -f "$file"
  if [ "$(java_feature "$java")" -ge 25 ]; then
    "$java" "$@" -XX:AOTCacheOutput="$file" -Xlog:aot=off -Xlog:cds=off -jar "$jar" train-class-data \
      >/dev/null 2>&1 || { rm -f "$file" "$file.config"; return 1; }
  else
    "$java" "$@" -XX:ArchiveClassesAtExit="$file" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$jar" \
      train-class-data >/dev/null 2>&1 || { rm -f "$file"; return 1; }
  fi
}

# class_data_options JAVA FILE [required]: the JVM options that map FILE. A file that does not
# match the jar or the JVM is ignored by the JVM, quietly; with `required` the JVM refuses to start
# instead (the benchmark's way of noticing).
class_data_options() {
  if [ "$(java_feature "$1")" -ge 25 ]; then
    echo "-XX:AOTCache=$2 -Xlog:aot=off -Xlog:cds=off${3:+ -XX:AOTMode=on}"
  else
    echo "-XX:SharedArchiveFile=$2 -Xlog:cds=off -Xlog:cds+dynamic=off${3:+ -Xshare:on}"
  fi
}
