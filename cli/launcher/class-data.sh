# shellcheck shell=bash
# The class data a clone's tailgate maps at start, for whichever JVM runs it (bench/README.md, cold
# start): an AOT cache on Java 25 and later (JEP 483/514: classes loaded and linked ahead, with the
# training run's method profiles), the dynamic AppCDS archive before. Sourced by ./tailgate and by
# bench/run.sh and bench/cold-start-ab.sh, so the benchmark starts tailgate as the launcher does.
# The launcher runs this at every start, so it reads the JDK's version with the shell's own means
# (forking a dozen tools cost about 80 ms a start on a slow two-core box).

# java_choice: the JVM that runs tailgate: TAILGATE_JAVA, else the java on the PATH. Not Java 25
# by itself where it is installed: taking turns with 17 it was not clearly faster (bench/README.md,
# "Which JVM").
java_choice() {
  echo "${TAILGATE_JAVA:-java}"
}

# class_data_file JAVA DIR: where runs of JAVA keep their class data in DIR, one file per JDK (a
# JVM refuses another JDK's): tailgate-<jdk>.aot for Java 25 and later, read from the JDK's release
# file without starting it; tailgate.jsa before, or when the version cannot be read.
class_data_file() {
  local path home line version=0
  path="$(command -v "$1")" && path="$(readlink -f "$path")" || path=""
  home="${path%/bin/*}"
  if [ -n "$path" ] && [ -r "$home/release" ]; then
    while IFS= read -r line; do
      case "$line" in
        JAVA_VERSION=*)
          version="${line#JAVA_VERSION=\"}"
          version="${version%%[.\"]*}"
          ;;
      esac
    done <"$home/release"
  fi
  if [ "$version" -ge 25 ] 2>/dev/null; then
    echo "$2/tailgate-${home##*/}.aot"
  else
    echo "$2/tailgate.jsa"
  fi
}

# class_data_record JAVA FILE JAR [JVM OPTIONS…]: records FILE (as class_data_file names it) with a
# `train-class-data` run; leaves no file when that fails, so a start goes on without one.
class_data_record() {
  local java="$1" file="$2" jar="$3"
  shift 3
  rm -f "$file"
  case "$file" in
    *.aot)
      "$java" "$@" -XX:AOTCacheOutput="$file" -Xlog:aot=off -Xlog:cds=off -jar "$jar" \
        train-class-data >/dev/null 2>&1 || { rm -f "$file" "$file.config"; return 1; }
      ;;
    *)
      "$java" "$@" -XX:ArchiveClassesAtExit="$file" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$jar" \
        train-class-data >/dev/null 2>&1 || { rm -f "$file"; return 1; }
      ;;
  esac
}

# class_data_options FILE [required]: the JVM options that map FILE. A file that does not match the
# jar or the JVM is ignored by the JVM, quietly; with `required` the JVM refuses to start instead
# (the benchmark's way of noticing).
class_data_options() {
  case "$1" in
    *.aot) echo "-XX:AOTCache=$1 -Xlog:aot=off -Xlog:cds=off${2:+ -XX:AOTMode=on}" ;;
    *) echo "-XX:SharedArchiveFile=$1 -Xlog:cds=off -Xlog:cds+dynamic=off${2:+ -Xshare:on}" ;;
  esac
}
