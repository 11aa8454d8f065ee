#!/usr/bin/env bash
# bench/run.sh: the load benchmark of issue #6, in one command.
#
# On this machine, with one backend (nginx serving a small static file) and one certificate (issued
# by the fake tailscaled), it measures over HTTPS with wrk, one contender after the other:
#   direct          the backend itself over TLS: the ceiling
#   nginx           nginx as a TLS reverse proxy
#   apache          Apache httpd 2.4, event MPM, mod_ssl + mod_proxy_http, as a TLS reverse proxy
#   tailgate        tailgate as a TLS reverse proxy, no access control (TLSProvider auto: Conscrypt)
#   tailgate-jdk    tailgate with TLSProvider jdk: the JDK's TLS instead of Conscrypt (BoringSSL)
#   tailgate-auth   tailgate with AuthType tailscale + Require tailscale-user, identity headers on
#   tailgate-auth-metrics  tailgate-auth with a SetHandler metrics location, so metrics are recorded
#                   (the A/B of their cost: without such a location nothing is recorded)
#   tailgate-auth-tailnet  tailgate-auth with the load coming from a tailnet address (not run by
#                   default; needs root): tailgate listens on BENCH_TAILNET_ADDR (100.101.102.103),
#                   added to lo for the run, so every wrk connection comes from that address, which
#                   the fake tailnet gives icing's laptop: one whois per node, as for real tailnet
#                   clients, instead of one per connection as from 127.0.0.1
#   tailgate-auth-slow  tailgate-auth against a busy tailscaled: a second fake whose whois answers take
#                   50 ms and whose socket's backlog is 16 (BENCH_SLOW_WHOIS changes the latency)
# each with keep-alive connections and with a new TLS connection per request (Connection: close,
# so a full handshake and, for tailgate-auth, a whois per request). Then tailgate's RSS with 1,000
# mostly idle connections and its cold start with a stored certificate. It prints one table and
# writes it, with date, machine and load, to bench/results/DATE-TIME-HOST.md.
#
# Everything it starts lives in a temporary directory and is stopped on exit; /etc is not touched
# (wrk resolves the certificate's name through a private mount namespace, see run_wrk).
#
# Settings (environment): BENCH_DURATION (s, default 15), BENCH_WARMUP (s, 20: the least warm-up
# with keep-alive before the keep-alive run; it goes on in 10 s slices until the contender is steady,
# see warm_up), BENCH_CLOSE_WARMUP (s, 10: the same before the new-connection run),
# BENCH_WARMUP_MAX (s, 180: the most either warm-up takes), BENCH_PAIR (two contenders, e.g.
# "tailgate tailgate-auth": after the rest, both run at once and take turns, see measure_pair),
# BENCH_PAIR_ROUNDS (6; BENCH_ONLY=pair runs only the pair), BENCH_PAIR_MODE (keep-alive; close for
# a new connection per request; paced as in measure_paced), BENCH_B_JAVA_OPTS and BENCH_B_DIRECTIVES
# (the contender tailgate-auth-b is tailgate-auth with these JVM options and server-config lines
# added: an A/B of a flag or directive under the same noise, BENCH_ONLY=pair
# BENCH_PAIR="tailgate-auth tailgate-auth-b"; options choosing a collector replace the launcher's),
# BENCH_B_JAVA (the java that runs tailgate-auth-b, default TAILGATE_JAVA: an A/B of two JVMs),
# BENCH_B_JAR (the tailgate.jar tailgate-auth-b runs, default this build's: an A/B of two builds,
# e.g. the one before a change, copied aside from cli/target),
# BENCH_CONNECTIONS
# (50), BENCH_THREADS (2), BENCH_ONLY (contenders to run, e.g. "nginx tailgate"; nginx-auth is nginx
# with auth_request to tailgate's tailscale-auth endpoint, and tailgate-auth-tailnet, not run by
# default; "cold-start" alone
# measures only the cold starts), BENCH_KEEP=1 keeps
# the temporary directory, TAILGATE_JAVA_OPTS (passed to tailgate's JVM, recorded in the results;
# default: the ./tailgate launcher's options), BENCH_AUTH_DIRECTIVES (extra server-config lines for
# tailgate-auth, for A/B runs, e.g. "AuthTailscaleCacheTimeout 30s"), BENCH_PACE_MS (10: the
# pause each connection takes after a response in the paced keep-alive run, see measure_paced),
# BENCH_EXTRAS=0 skips the
# 1,000-connection RSS and cold-start measurements, TAILGATE_JAVA (the java that runs tailgate;
# default: java on the PATH, as for the ./tailgate launcher; cli/launcher/class-data.sh).
set -euo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Measure what users run: the ./tailgate launcher's JVM options and malloc setting, unless overridden.
TAILGATE_JAVA_OPTS="${TAILGATE_JAVA_OPTS-$(sed -n 's/^default_opts="\(.*\)"$/\1/p' "$ROOT/tailgate")}"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
readonly HOST_NAME="vps.headless-chicken.ts.net"
readonly DURATION="${BENCH_DURATION:-15}"
readonly WARMUP="${BENCH_WARMUP:-20}"
readonly CLOSE_WARMUP="${BENCH_CLOSE_WARMUP:-10}"
readonly WARMUP_MAX="${BENCH_WARMUP_MAX:-180}"
readonly WARMUP_SLICE=10
readonly PAIR="${BENCH_PAIR:-}"
readonly PAIR_ROUNDS="${BENCH_PAIR_ROUNDS:-6}"
readonly PAIR_MODE="${BENCH_PAIR_MODE:-keep-alive}"
readonly B_JAVA_OPTS="${BENCH_B_JAVA_OPTS:-}"
readonly B_DIRECTIVES="${BENCH_B_DIRECTIVES:-}"
readonly TAILNET_ADDR="${BENCH_TAILNET_ADDR:-100.101.102.103}"
# The address the contender being measured listens on and the load connects to; tailgate-auth-tailnet
# sets its own for its run (measure_contender).
ADDR=127.0.0.1
TAILNET_ADDED=0
readonly CONNECTIONS="${BENCH_CONNECTIONS:-50}"
readonly THREADS="${BENCH_THREADS:-2}"
readonly PACE_MS="${BENCH_PACE_MS:-10}"
readonly ONLY="${BENCH_ONLY:-direct nginx apache tailgate tailgate-jdk tailgate-auth tailgate-auth-metrics tailgate-auth-slow}"
readonly SLOW_WHOIS="${BENCH_SLOW_WHOIS:-50ms}"
readonly AUTH_DIRECTIVES="${BENCH_AUTH_DIRECTIVES:-}"
# shellcheck source=../cli/launcher/class-data.sh
. "$ROOT/cli/launcher/class-data.sh"
TAILGATE_JAVA="$(java_choice)"
readonly TAILGATE_JAVA
readonly B_JAVA="${BENCH_B_JAVA:-$TAILGATE_JAVA}"
readonly B_JAR="${BENCH_B_JAR:-}"
# the jcmd of the JDK that runs tailgate, for BENCH_PROFILE
JCMD="$(dirname "$(readlink -f "$(command -v "$TAILGATE_JAVA")")")/jcmd"
readonly JCMD
readonly IDLE_CONNECTIONS=1000
readonly BODY_BYTES=512
readonly APACHE_MODULES=/usr/lib/apache2/modules

WORK=""
# processes that serve with a contender (nginx-auth's tailgate endpoint): their CPU is counted with it
HELPER_PIDS=""
PIDS=()
WARNINGS=()

log() { printf '[bench %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------
# setup

# Installs, through apt, only the tools that are missing.
ensure_packages() {
  local missing=()
  command -v nginx >/dev/null || missing+=(nginx)
  [ -x /usr/sbin/apache2 ] && [ -f "$APACHE_MODULES/mod_proxy_http.so" ] || missing+=(apache2)
  command -v wrk >/dev/null || missing+=(wrk)
  command -v h2load >/dev/null || missing+=(nghttp2-client)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v curl >/dev/null || missing+=(curl)
  command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null || missing+=(maven)
  command -v unshare >/dev/null || missing+=(util-linux)
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2
    apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
  fi
}

# Builds tailgate.jar if its sources changed and copies it, so a rebuild during the run changes nothing.
prepare_jar() {
  if ! "$ROOT/tailgate" --version >/dev/null 2>"$WORK/build.log"; then
    [ -f "$ROOT/cli/target/tailgate.jar" ] || { cat "$WORK/build.log" >&2; die "cannot build tailgate"; }
    log "warning: the build failed (see $WORK/build.log); using the existing cli/target/tailgate.jar"
  fi
  cp "$ROOT/cli/target/tailgate.jar" "$WORK/tailgate.jar"
  if [ -n "$B_JAR" ]; then
    [ -f "$B_JAR" ] || die "BENCH_B_JAR: no such file: $B_JAR"
    cp "$B_JAR" "$WORK/tailgate-b.jar"
  fi
}

# Stops everything this script started, children first, then removes the temporary directory.
cleanup() {
  local pid
  if [ "$TAILNET_ADDED" = 1 ]; then
    ip addr del "$TAILNET_ADDR/32" dev lo 2>/dev/null || true
  fi
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [ -n "$WORK" ] && [ -d "$WORK" ] && [ "${BENCH_KEEP:-0}" != 1 ]; then
    rm -rf "$WORK"
  elif [ -n "$WORK" ]; then
    log "kept $WORK"
  fi
}

# Starts "$@" in the background with its output in $WORK/NAME.log; sets LAST_PID and remembers it for
# cleanup. (Never call it inside $(…): the process would belong to a subshell.)
start_bg() {
  local name="$1"; shift
  "$@" >"$WORK/$name.log" 2>&1 &
  LAST_PID="$!"
  PIDS+=("$LAST_PID")
}

# SIGTERM, then SIGKILL after 20 s: a server that stopped answering (out of memory) must not hang the run.
stop_pid() {
  local pid="$1"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 200); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# Records a warning when a tailgate's log shows it ran out of memory: wrk may still count no errors.
check_java_log() {
  local name="$1"
  if grep -q 'OutOfMemoryError' "$WORK/$name.log" 2>/dev/null; then
    WARNINGS+=("$name ran out of memory (OutOfMemoryError in its log): its figures are not valid")
    log "WARNING: $name ran out of memory"
  fi
}

# A TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
  local port
  for _ in $(seq 200); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  die "no free port"
}

# curl trusting the fake CA, with the certificate's name pointing at the contender's address.
tls_curl() {
  local port="$1"; shift
  curl -sS --max-time 5 --cacert "$WORK/root.pem" --resolve "$HOST_NAME:$port:$ADDR" "$@"
}

# Waits until https://HOST:PORT/ answers 200, up to 60 s.
await_https() {
  local port="$1" code
  for _ in $(seq 1200); do
    code="$(tls_curl "$port" -o /dev/null -w '%{http_code}' "https://$HOST_NAME:$port/" 2>/dev/null || true)"
    [ "$code" = 200 ] && return 0
    sleep 0.05
  done
  die "nothing answers 200 on port $port"
}

# The fake tailnet: icing@github's laptop owns 127.0.0.1 as well as 127.0.0.2, because wrk cannot bind
# a source address and Linux picks 127.0.0.1 as the source of every loopback connection. So every
# benchmark connection is icing, and 127.0.0.9 (curl --interface) is a stranger. The laptop's tailnet
# address is TAILNET_ADDR, which tailgate-auth-tailnet's load comes from.
write_tailnet() {
  sed "s/TAILNET_ADDR/$TAILNET_ADDR/" >"$WORK/tailnet.json" <<'JSON'
{
  "tailnet": "icing@github",
  "magicDNSSuffix": "headless-chicken.ts.net",
  "users": [
    { "loginName": "icing@github", "displayName": "Stefan Eissing",
      "profilePicURL": "https://avatars.githubusercontent.com/u/3468209?v=4" }
  ],
  "self": { "name": "vps", "tags": ["tag:server"] },
  "nodes": [
    { "name": "laptop", "user": "icing@github", "loopbackAliases": ["127.0.0.1", "127.0.0.2"],
      "addresses": ["TAILNET_ADDR", "fd7a:115c:a1e0::6565:6667"] }
  ]
}
JSON
}

# Starts the fake tailscaled and fetches the one certificate every contender serves.
start_tailscaled_and_fetch_certificate() {
  write_tailnet
  start_bg fake-tailscaled java -jar "$WORK/tailgate.jar" fake-tailscaled \
    --socket "$WORK/ts.sock" --tailnet "$WORK/tailnet.json" --root-ca "$WORK/root.pem"
  for _ in $(seq 600); do
    grep -q 'fake-tailscaled listening on' "$WORK/fake-tailscaled.log" && break
    sleep 0.05
  done
  grep -q 'fake-tailscaled listening on' "$WORK/fake-tailscaled.log" || die "fake tailscaled did not start"
  # the busy daemon of tailgate-auth-slow: the same tailnet, slow whois answers, a short accept queue
  start_bg fake-tailscaled-slow java -jar "$WORK/tailgate.jar" fake-tailscaled \
    --socket "$WORK/ts-slow.sock" --tailnet "$WORK/tailnet.json" \
    --whois-latency "$SLOW_WHOIS" --backlog 16
  for _ in $(seq 600); do
    grep -q 'fake-tailscaled listening on' "$WORK/fake-tailscaled-slow.log" && break
    sleep 0.05
  done
  grep -q 'fake-tailscaled listening on' "$WORK/fake-tailscaled-slow.log" || die "the slow fake tailscaled did not start"
  curl -sS --fail --unix-socket "$WORK/ts.sock" \
    "http://local-tailscaled.sock/localapi/v0/cert/$HOST_NAME?type=pair" >"$WORK/pair.pem"
  # the pair is the key, then the leaf, then the intermediate
  awk '/-----BEGIN EC PRIVATE KEY-----/,/-----END EC PRIVATE KEY-----/' "$WORK/pair.pem" >"$WORK/key.pem"
  awk '/-----BEGIN CERTIFICATE-----/,/-----END CERTIFICATE-----/' "$WORK/pair.pem" >"$WORK/chain.pem"
  chmod 600 "$WORK/key.pem" "$WORK/pair.pem"
  CERT_FINGERPRINT="$(openssl x509 -in "$WORK/chain.pem" -noout -fingerprint -sha256 | cut -d= -f2)"
  log "certificate for $HOST_NAME: sha256 $CERT_FINGERPRINT"
}

write_docroot() {
  mkdir -p "$WORK/htdocs"
  head -c "$BODY_BYTES" /dev/zero | tr '\0' 'x' >"$WORK/htdocs/index.html"
  chmod -R a+rX "$WORK/htdocs"
}

# ---------------------------------------------------------------------------------------------
# servers

# nginx in the foreground with its own prefix, pid file, logs and temp paths under $WORK/NAME.
start_nginx() {
  local name="$1" conf="$2" dir="$WORK/$1"
  nginx -t -p "$dir/" -e "$dir/error.log" -c "$conf" >"$dir/check.log" 2>&1 || { cat "$dir/check.log" >&2; die "$name: bad config"; }
  start_bg "$name" nginx -p "$dir/" -e "$dir/error.log" -c "$conf" -g 'daemon off;'
}

nginx_common() {
  local dir="$1"
  cat <<EOF
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
EOF
}

# Every contender speaks TLS 1.3 to the load. Debian's nginx 1.22 defaults to TLSv1 to TLSv1.2
# (1.3 joined nginx's defaults in 1.23.4) and Debian turns it on in /etc/nginx/nginx.conf, which
# these configurations do not include: without this line nginx served TLS 1.2 while Apache and
# tailgate served 1.3 (every nginx row before results 2026-12-02-2041).
nginx_http_common() {
  local dir="$1"
  cat <<EOF
  ssl_protocols TLSv1.2 TLSv1.3;
  client_body_temp_path $dir/client_body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  keepalive_requests 1000000;
  keepalive_timeout 60s;
EOF
}

# The backend every proxy forwards to: plain HTTP for the proxies, HTTPS for the "direct" ceiling.
start_backend() {
  local dir="$WORK/backend"
  mkdir -p "$dir"
  BACKEND_PORT="$(free_port)"
  DIRECT_PORT="$(free_port)"
  cat >"$dir/nginx.conf" <<EOF
$(nginx_common "$dir")
http {
$(nginx_http_common "$dir")
  access_log off;
  default_type text/html;
  server {
    listen 127.0.0.1:$BACKEND_PORT;
    listen 127.0.0.1:$DIRECT_PORT ssl;
    server_name $HOST_NAME;
    ssl_certificate $WORK/chain.pem;
    ssl_certificate_key $WORK/key.pem;
    root $WORK/htdocs;
    # what the proxy told the backend about the user (the sanity check of tailgate-auth)
    location = /whoami { default_type text/plain; return 200 "\$http_tailscale_user_login\n"; }
  }
}
EOF
  start_nginx backend "$dir/nginx.conf"
  BACKEND_PID="$LAST_PID"
  await_https "$DIRECT_PORT"
}

start_nginx_proxy() {
  local port="$1" dir="$WORK/nginx"
  mkdir -p "$dir"
  cat >"$dir/nginx.conf" <<EOF
$(nginx_common "$dir")
http {
$(nginx_http_common "$dir")
  access_log $dir/access.log combined;
  upstream backend { server 127.0.0.1:$BACKEND_PORT; keepalive 64; }
  server {
    listen 127.0.0.1:$port ssl;
    server_name $HOST_NAME;
    ssl_certificate $WORK/chain.pem;
    ssl_certificate_key $WORK/key.pem;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
EOF
  start_nginx nginx "$dir/nginx.conf"
}

# The nginx way of tailscale SSO: nginx terminates TLS and asks tailgate's tailscale-auth endpoint
# (nginx-auth's replacement, docs/auth-endpoint.md, with its nginx configuration as documented)
# about every request with auth_request, then proxies to the backend with the user in a header.
# Sets LAST_PID to nginx; the tailgate endpoint is stopped with the rest on exit.
start_nginx_auth() {
  local port="$1" dir="$WORK/nginx-auth" auth_port tries=0
  mkdir -p "$dir"
  auth_port="$(free_port)"
  printf 'Listen 127.0.0.1:%s\nAuthTailscaleURL %s\n<Location /auth>\n  SetHandler tailscale-auth\n</Location>\n' \
    "$auth_port" "$WORK/ts.sock" >"$dir/tailgate.conf"
  start_tailgate nginx-auth-endpoint "$dir/tailgate.conf"
  # its CPU counts with nginx's (cpu_ticks), and it stops with nginx
  HELPER_PIDS="$LAST_PID"
  until curl -s -o /dev/null "http://127.0.0.1:$auth_port/"; do
    tries=$((tries + 1))
    [ "$tries" -lt 300 ] || die "nginx-auth: the tailgate endpoint did not start"
    sleep 0.1
  done
  cat >"$dir/nginx.conf" <<EOF
$(nginx_common "$dir")
http {
$(nginx_http_common "$dir")
  access_log $dir/access.log combined;
  upstream backend { server 127.0.0.1:$BACKEND_PORT; keepalive 64; }
  upstream tailgate_auth { server 127.0.0.1:$auth_port; keepalive 64; }
  server {
    listen 127.0.0.1:$port ssl;
    server_name $HOST_NAME;
    ssl_certificate $WORK/chain.pem;
    ssl_certificate_key $WORK/key.pem;
    location / {
      auth_request /auth;
      auth_request_set \$auth_user \$upstream_http_tailscale_user;
      proxy_set_header Tailscale-User-Login "\$auth_user";
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
    location = /auth {
      internal;
      proxy_pass http://tailgate_auth/auth;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header Host "\$http_host";
      proxy_set_header Remote-Addr "\$remote_addr";
      proxy_set_header Remote-Port "\$remote_port";
      proxy_set_header Original-URI "\$request_uri";
    }
  }
}
EOF
  start_nginx nginx-auth "$dir/nginx.conf"
}

# Apache with Debian's event MPM defaults, its own config, pid file, logs and mutexes under $WORK.
start_apache() {
  local port="$1" dir="$WORK/apache"
  mkdir -p "$dir"
  cat >"$dir/httpd.conf" <<EOF
ServerRoot $dir
DefaultRuntimeDir $dir
PidFile $dir/httpd.pid
ErrorLog $dir/error.log
LogLevel warn
Mutex file:$dir default
LoadModule mpm_event_module $APACHE_MODULES/mod_mpm_event.so
LoadModule authz_core_module $APACHE_MODULES/mod_authz_core.so
LoadModule socache_shmcb_module $APACHE_MODULES/mod_socache_shmcb.so
LoadModule ssl_module $APACHE_MODULES/mod_ssl.so
LoadModule proxy_module $APACHE_MODULES/mod_proxy.so
LoadModule proxy_http_module $APACHE_MODULES/mod_proxy_http.so
User www-data
Group www-data
ServerName $HOST_NAME
StartServers 2
MinSpareThreads 25
MaxSpareThreads 75
ThreadLimit 64
ThreadsPerChild 25
MaxRequestWorkers 150
MaxConnectionsPerChild 0
KeepAlive On
MaxKeepAliveRequests 0
KeepAliveTimeout 60
LogFormat "%h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"" combined
CustomLog $dir/access.log combined
SSLSessionCache shmcb:$dir/ssl_scache(512000)
Listen 127.0.0.1:$port
<VirtualHost 127.0.0.1:$port>
  ServerName $HOST_NAME
  SSLEngine on
  SSLCertificateFile $WORK/chain.pem
  SSLCertificateKeyFile $WORK/key.pem
  ProxyPass / http://127.0.0.1:$BACKEND_PORT/
</VirtualHost>
EOF
  /usr/sbin/apache2 -t -f "$dir/httpd.conf" >"$dir/check.log" 2>&1 || { cat "$dir/check.log" >&2; die "apache: bad config"; }
  start_bg apache /usr/sbin/apache2 -f "$dir/httpd.conf" -DFOREGROUND
}

# tailgate's configuration; with "auth", icing@github only, identity headers to the backend.
write_tailgate_config() {
  local name="$1" port="$2" auth="$3" dir="$WORK/$1"
  mkdir -p "$dir"
  {
    echo "Listen $ADDR:$port https"
    [ "$auth" = jdk ] && echo "TLSProvider jdk"
    [ "$auth" = auth ] || [ "$auth" = auth-metrics ] || [ "$auth" = auth-b ] && echo "AuthTailscaleURL $WORK/ts.sock"
    [ "$auth" = auth-slow ] && echo "AuthTailscaleURL $WORK/ts-slow.sock"
    [ "${auth#auth}" != "$auth" ] && [ -n "$AUTH_DIRECTIVES" ] && echo "$AUTH_DIRECTIVES"
    [ "$auth" = auth-b ] && [ -n "$B_DIRECTIVES" ] && echo "$B_DIRECTIVES"
    echo "KeepAliveTimeout 60"
    echo "<VirtualHost *:$port>"
    echo "  ServerName $HOST_NAME"
    echo "  SSLEngine on"
    echo "  SSLCertificateFile $WORK/chain.pem"
    echo "  SSLCertificateKeyFile $WORK/key.pem"
    echo "  CustomLog $dir/access.log combined"
    echo "  ProxyPass / http://127.0.0.1:$BACKEND_PORT/"
    if [ "$auth" = auth-metrics ]; then
      echo "  <Location /metrics>"
      echo "    SetHandler metrics"
      echo "  </Location>"
    fi
    if [ "${auth#auth}" != "$auth" ]; then
      echo "  <Location />"
      echo "    AuthType tailscale"
      echo "    Require tailscale-user icing@github"
      echo "  </Location>"
    fi
    echo "</VirtualHost>"
  } >"$dir/tailgate.conf"
  echo "$dir/tailgate.conf"
}

# start_tailgate NAME CONFIG [MORE JVM OPTIONS…]
start_tailgate() {
  local name="$1" conf="$2" opts="${TAILGATE_JAVA_OPTS:-}" java="$TAILGATE_JAVA" jar="$WORK/tailgate.jar"
  shift 2
  if [ "$name" = tailgate-auth-b ]; then
    java="$B_JAVA"
    [ -z "$B_JAR" ] || jar="$WORK/tailgate-b.jar"
  fi
  mkdir -p "$WORK/$name"
  # more options that choose a collector (BENCH_B_JAVA_OPTS="-XX:+UseParallelGC") replace the
  # launcher's choice: the JVM refuses to start with two
  case " $* " in
    *" -XX:+Use"*"GC "*) opts="$(echo "$opts" | sed -E 's/(^| )-XX:\+Use[A-Za-z]+GC( |$)/ /g')" ;;
  esac
  # shellcheck disable=SC2086 # the options are a list
  start_bg "$name" "$java" $opts "$@" -jar "$jar" run -c "$conf" --pid-file "$WORK/$name/tailgate.pid"
}

# Starts contender NAME on PORT; sets LAST_PID to the process whose tree is the server.
start_contender() {
  local name="$1" port="$2"
  case "$name" in
    direct) LAST_PID="$BACKEND_PID" ;;
    nginx) start_nginx_proxy "$port" ;;
    nginx-auth) start_nginx_auth "$port" ;;
    apache) start_apache "$port" ;;
    tailgate) start_tailgate tailgate "$(write_tailgate_config tailgate "$port" none)" ;;
    tailgate-jdk)
      start_tailgate tailgate-jdk "$(write_tailgate_config tailgate-jdk "$port" jdk)"
      ;;
    tailgate-auth) start_tailgate tailgate-auth "$(write_tailgate_config tailgate-auth "$port" auth)" ;;
    tailgate-auth-metrics)
      start_tailgate tailgate-auth-metrics "$(write_tailgate_config tailgate-auth-metrics "$port" auth-metrics)"
      ;;
    tailgate-auth-slow)
      start_tailgate tailgate-auth-slow "$(write_tailgate_config tailgate-auth-slow "$port" auth-slow)"
      ;;
    tailgate-auth-tailnet)
      start_tailgate tailgate-auth-tailnet "$(write_tailgate_config tailgate-auth-tailnet "$port" auth)"
      ;;
    tailgate-auth-b)
      # shellcheck disable=SC2086 # BENCH_B_JAVA_OPTS is a list of options
      start_tailgate tailgate-auth-b "$(write_tailgate_config tailgate-auth-b "$port" auth-b)" $B_JAVA_OPTS
      ;;
  esac
}

# ---------------------------------------------------------------------------------------------
# measuring

# The sum of the peak RSS (VmHWM) of PID and its children, in MiB. For nginx and Apache that counts
# shared pages once per process, so their figure is an upper bound.
peak_rss_mib() {
  local pid="$1" total=0 kib p
  for p in "$pid" $(pgrep -P "$pid" || true); do
    kib="$(awk '/^VmHWM:/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)"
    total=$((total + ${kib:-0}))
  done
  echo $((total / 1024))
}

current_rss_mib() {
  local pid="$1" total=0 kib p
  for p in "$pid" $(pgrep -P "$pid" || true); do
    kib="$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)"
    total=$((total + ${kib:-0}))
  done
  echo $((total / 1024))
}

load1() { cut -d' ' -f1 /proc/loadavg; }

# TCP connections this machine has opened so far (all processes): a proxy that does not reuse its
# backend connections shows up here.
tcp_active_opens() { awk '/^Tcp:/ { if (n++) print $6 }' /proc/net/snmp; }

# CPU time (user + system, clock ticks) used so far by PID and its children. Per request, this is the
# figure that noise on a shared 2-core machine disturbs least: a neighbour slows the run down but
# does not make each request cost more cycles.
cpu_ticks() {
  local total=0 ticks p pid
  for p in $(for pid in "$@"; do echo "$pid"; pgrep -P "$pid" || true; done); do
    ticks="$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12 + $13}' || echo 0)"
    total=$((total + ${ticks:-0}))
  done
  echo "$total"
}

# Microseconds of the contender's CPU per request: ticks used during a wrk run over its requests.
cpu_us_per_request() {
  local ticks="$1" file="$2" requests
  requests="$(awk '/ requests in / {print $1}' "$file")"
  awk -v t="$ticks" -v r="${requests:-0}" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { if (r + 0 == 0) print "–"; else printf "%.0f", t * 1000000 / hz / r }'
}

# Runs wrk (the rest of the arguments) into FILE and prints PID's CPU µs per request over that run
# (HELPER_PIDS' counted with it, as everywhere).
wrk_cpu_per_request() {
  local pid="$1" file="$2" start
  shift 2
  start="$(cpu_ticks "$pid" $HELPER_PIDS)"
  run_wrk "$@" >"$file" 2>&1
  cpu_us_per_request $(($(cpu_ticks "$pid" $HELPER_PIDS) - start)) "$file"
}

# wrk with the certificate's name resolving to the contender's address (ADDR), so it sends the right
# SNI and Host. wrk cannot take a --resolve, and /etc/hosts is not ours to edit: a private mount
# namespace sees a bind-mounted hosts file instead, for wrk's process only.
run_wrk() {
  unshare -m sh -c 'mount --bind "$0" /etc/hosts && exec "$@"' "$WORK/hosts-$ADDR" \
    wrk "$@"
}

# Converts wrk's latency (452.00us, 3.12ms, 1.01s, 1.00m) to milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000;
    printf "%.2f", n }'
}

# Parses wrk's output file into "rps p50 p99 errors".
parse_wrk() {
  local file="$1" rps p50 p99 errors
  rps="$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$file")"
  p50="$(to_ms "$(awk '$1 == "50%" {print $2}' "$file")")"
  p99="$(to_ms "$(awk '$1 == "99%" {print $2}' "$file")")"
  errors="$(awk '
    /Socket errors:/ { gsub(",", ""); s += $4 + $6 + $8 + $10 }
    /Non-2xx or 3xx responses:/ { s += $5 }
    END { print s + 0 }' "$file")"
  echo "${rps:-0} ${p50:-0} ${p99:-0} ${errors:-0}"
}

# Checks that CONTENDER on PORT serves the body with the shared certificate; for tailgate-auth, that a
# stranger is refused and the backend is told the user.
sanity_check() {
  local name="$1" port="$2" body served hello protocol cipher
  body="$(tls_curl "$port" "https://$HOST_NAME:$port/")"
  [ "$body" = "$(cat "$WORK/htdocs/index.html")" ] || die "$name: wrong body"
  hello="$(openssl s_client -connect "$ADDR:$port" -servername "$HOST_NAME" </dev/null 2>/dev/null)"
  served="$(openssl x509 -noout -fingerprint -sha256 <<<"$hello" | cut -d= -f2)"
  [ "$served" = "$CERT_FINGERPRINT" ] || die "$name: serves another certificate ($served)"
  # the same protocol for every contender, or the rows compare TLS versions (nginx 1.22 without ssl_protocols)
  read -r protocol cipher <<<"$(awk -F'[ ,]+' '/^(New|Reused), / { print $2, $NF; exit }' <<<"$hello")"
  [ "$protocol" = TLSv1.3 ] || die "$name: negotiated ${protocol:-no protocol} with openssl s_client, not TLSv1.3"
  grep -q "^$name " "$WORK/protocols" 2>/dev/null || echo "$name $protocol $cipher" >>"$WORK/protocols"
  if [ "${name#tailgate-auth}" != "$name" ] || [ "$name" = nginx-auth ]; then
    local stranger user
    stranger="$(tls_curl "$port" --interface 127.0.0.9 -o /dev/null -w '%{http_code}' "https://$HOST_NAME:$port/" || true)"
    user="$(tls_curl "$port" "https://$HOST_NAME:$port/whoami")"
    # an A/B that turns the header off on purpose: only the stranger's refusal can be checked
    local header_off=0
    [ "$name" = tailgate-auth-b ] && [ "${B_DIRECTIVES#*user-login off}" != "$B_DIRECTIVES" ] && [ -z "$user" ] && header_off=1
    # nginx passes the endpoint's 401 for a stranger through; tailgate answers 403 itself
    if { [ "$stranger" != 403 ] && [ "$stranger" != 401 ]; } || { [ "$header_off" = 0 ] && [ "$user" != "icing@github" ]; }; then
      AUTH_WARNING="tailgate-auth did NOT enforce access (stranger got $stranger, backend saw user '$user'): this build's \`tailgate run\` does not apply the auth rules, so its row measures no auth"
      log "WARNING: $AUTH_WARNING"
    elif [ "$header_off" = 1 ]; then
      log "$name: a stranger gets 403, the backend sees no Tailscale-User-Login (BENCH_B_DIRECTIVES turn it off)"
    else
      log "$name: a stranger gets 403, the backend sees Tailscale-User-Login: $user"
    fi
  fi
}

# BENCH_PROFILE (async-profiler's libasyncProfiler.so; bench/profile.sh sets it): a CPU profile of
# each tailgate contender's keep-alive and new-connection runs alone, loaded into the running JVM
# after the warm-up, written as collapsed stacks to $BENCH_PROFILE_OUT/NAME-RUN.collapsed. The
# profiler costs a little CPU: figures of a profiled run are not the ones to quote.
# BENCH_PROFILE_EVENT=alloc profiles the bytes allocated instead (sampled every 512 KiB).
profile_start() {
  [ -n "${BENCH_PROFILE:-}" ] && [[ "$1" == tailgate* ]] || return 0
  local event="event=itimer,interval=1ms"
  [ "${BENCH_PROFILE_EVENT:-cpu}" != alloc ] || event="event=alloc,alloc=512k"
  # the options quoted once more: jcmd would read "key=value" as its own arguments
  "$JCMD" "$2" JVMTI.agent_load "$BENCH_PROFILE" "\"start,$event\"" >/dev/null \
    || log "WARNING: $1: the profiler could not be loaded"
}

profile_stop() {
  [ -n "${BENCH_PROFILE:-}" ] && [[ "$1" == tailgate* ]] || return 0
  local out="$BENCH_PROFILE_OUT/$1-$3.collapsed"
  "$JCMD" "$2" JVMTI.agent_load "$BENCH_PROFILE" "\"stop,file=$out,collapsed\"" >/dev/null
  log "$1: ${BENCH_PROFILE_EVENT:-cpu} profile of the $3 run in $out"
}

# Warms contender NAME up for the MODE run (keep-alive or new-connection): at least LEAST seconds,
# then on in slices of WARMUP_SLICE seconds until it is steady, at most WARMUP_MAX seconds. Steady:
# two slices in a row that cost no less than 95% of the cheapest slice's CPU per request. A JVM
# compiles its hot paths under the very load it serves, so on two busy cores a fixed 20 s ended
# mid-compilation: tailgate-auth's CPU per keep-alive request still fell from 82 to 55 µs 60–105 s
# after start (bench/README.md, 2026-12-02), and the run measured the compiler, not the proxy. A
# server that needs no warming (nginx, Apache) is steady after LEAST plus two slices. Appends
# "name mode seconds" to $WORK/warmups; the rest of the arguments go to wrk.
warm_up() {
  local name="$1" mode="$2" least="$3" url="$4" pid="$5" spent=0 best="" cost steady=0
  shift 5
  log "$name: warm-up for the $mode run, ${least}s, then until steady"
  run_wrk -t"$THREADS" -c"$CONNECTIONS" -d"${least}s" "$@" "$url" >"$WORK/$name.$mode.warmup.txt" 2>&1
  spent="$least"
  while [ "$steady" -lt 2 ] && [ "$spent" -lt "$WARMUP_MAX" ]; do
    cost="$(wrk_cpu_per_request "$pid" "$WORK/$name.$mode.warmup.txt" -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP_SLICE}s" "$@" "$url")"
    spent=$((spent + WARMUP_SLICE))
    [ "$cost" = – ] && break
    if [ -z "$best" ] || [ "$cost" -lt "$best" ]; then
      # a cheaper slice by more than 5% means it is still getting faster
      if [ -n "$best" ] && [ $((cost * 100)) -ge $((best * 95)) ]; then steady=$((steady + 1)); else steady=0; fi
      best="$cost"
    else
      steady=$((steady + 1))
    fi
  done
  log "$name: warmed up for the $mode run in ${spent}s (last slice ${cost:-?} µs of CPU per request)"
  echo "$name $mode $spent" >>"$WORK/warmups"
}

# Puts TAILNET_ADDR on lo for tailgate-auth-tailnet (taken off again on exit) and gives wrk a hosts
# file that points the certificate's name at it. Connections from lo to an address of lo come from
# that address, so the load then comes from icing's laptop's tailnet address, as a real tailnet
# client's would. Fails (the contender is skipped, with a line saying so) without the privilege.
tailnet_address_up() {
  if ! ip addr show dev lo | grep -q " $TAILNET_ADDR/"; then
    if ! ip addr add "$TAILNET_ADDR/32" dev lo 2>"$WORK/ip.log"; then
      log "tailgate-auth-tailnet: SKIPPED, cannot add $TAILNET_ADDR to lo ($(cat "$WORK/ip.log"))"
      return 1
    fi
    TAILNET_ADDED=1
  fi
  printf '127.0.0.1 localhost\n%s %s\n' "$TAILNET_ADDR" "$HOST_NAME" >"$WORK/hosts-$TAILNET_ADDR"
}

# Runs one contender: start, check, warm up, keep-alive run, new-connection run, stop.
# Appends "name mode rps p50 p99 errors rss load" lines to $WORK/results.
measure_contender() {
  local name="$1" port pid url rss
  # seen by every function this one calls (bash's dynamic scope): where to listen and connect
  local ADDR=127.0.0.1
  if [ "$name" = tailgate-auth-tailnet ]; then
    tailnet_address_up || return 0
    ADDR="$TAILNET_ADDR"
  fi
  port="$(free_port)"
  [ "$name" = direct ] && port="$DIRECT_PORT"
  start_contender "$name" "$port"
  pid="$LAST_PID"
  await_https "$port"
  sanity_check "$name" "$port"
  url="https://$HOST_NAME:$port/"
  warm_up "$name" keep-alive "$WARMUP" "$url" "$pid"
  local load_ka load_nc start cpu_ka cpu_nc
  load_ka="$(load1)"
  log "$name: keep-alive ${DURATION}s, $CONNECTIONS connections (load $load_ka)"
  start="$(cpu_ticks "$pid" $HELPER_PIDS)"
  local opens
  opens="$(tcp_active_opens)"
  profile_start "$name" "$pid"
  run_wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$url" >"$WORK/$name.keepalive.txt" 2>&1
  profile_stop "$name" "$pid" keepalive
  log "$name: $(($(tcp_active_opens) - opens)) TCP connections opened on this machine during the keep-alive run (wrk's $CONNECTIONS included)"
  cpu_ka="$(cpu_us_per_request $(($(cpu_ticks "$pid" $HELPER_PIDS) - start)) "$WORK/$name.keepalive.txt")"
  local load_paced cpu_paced
  load_paced="$(load1)"
  cpu_paced="$(measure_paced "$name" "$url" "$pid")"
  # the handshake path has its own code to compile: without this, C2 compiling it was 44% of a
  # JVM's CPU in the timed run (bench/profile.sh)
  warm_up "$name" new-connection "$CLOSE_WARMUP" "$url" "$pid" -H 'Connection: close'
  load_nc="$(load1)"
  log "$name: new connection per request ${DURATION}s (load $load_nc)"
  start="$(cpu_ticks "$pid" $HELPER_PIDS)"
  profile_start "$name" "$pid"
  run_wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -H 'Connection: close' "$url" \
    >"$WORK/$name.close.txt" 2>&1
  profile_stop "$name" "$pid" new-connection
  cpu_nc="$(cpu_us_per_request $(($(cpu_ticks "$pid" $HELPER_PIDS) - start)) "$WORK/$name.close.txt")"
  measure_resumption "$name" "$port" "$pid"
  rss="$(peak_rss_mib "$pid")"
  echo "$name keepalive $(parse_wrk "$WORK/$name.keepalive.txt") $rss $load_ka $cpu_ka" >>"$WORK/results"
  echo "$name close $(parse_wrk "$WORK/$name.close.txt") $rss $load_nc $cpu_nc" >>"$WORK/results"
  echo "$name paced $(parse_wrk "$WORK/$name.paced.txt") $rss $load_paced $cpu_paced" >>"$WORK/results"
  [ "$name" = direct ] || stop_pid "$pid"
  for pid in $HELPER_PIDS; do stop_pid "$pid"; done
  HELPER_PIDS=""
  check_java_log "$name"
}

# Latency at the same load for every contender. The keep-alive run above lets each contender run flat
# out, so its p99 is mostly its own throughput (at a fixed 50 connections, Little's law: a server with
# half the throughput has twice the latency); this run offers each the same, lighter load instead:
# every connection waits PACE_MS after each response before its next request (wrk's delay()), about
# CONNECTIONS * 1000 / (PACE_MS + latency) requests a second, well under every contender's capacity.
# Users' servers mostly run like this, and a pause (a collection, a thread waking) shows in the tail
# here instead of hiding in the queue. Writes $WORK/NAME.paced.txt; prints the CPU µs per request.
measure_paced() {
  local name="$1" url="$2" pid="$3"
  log "$name: keep-alive ${DURATION}s at a fixed pace, $CONNECTIONS connections each pausing ${PACE_MS} ms after every response (load $(load1))"
  wrk_cpu_per_request "$pid" "$WORK/$name.paced.txt" -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" \
    --latency -s "$(paced_script)" "$url"
}

# The wrk script of the paced runs; prints its path.
paced_script() {
  [ -f "$WORK/paced.lua" ] || cat >"$WORK/paced.lua" <<LUA
-- each connection pauses ${PACE_MS} ms after every response: the same offered load for every contender
function delay() return ${PACE_MS} end
LUA
  echo "$WORK/paced.lua"
}

# Two contenders measured against each other under the same noise: both run at once, each is warmed
# up until steady, then they take turns at keep-alive runs of DURATION s, PAIR_ROUNDS rounds in
# A B B A order, so a neighbour that comes or goes, or a slow drift of the machine, falls on both.
# Run one after the other, minutes apart, contenders differed by more than the effect measured
# (tailgate-auth at 60, 103 and 87 µs per request in three runs within three hours, bench/README.md).
# Appends "round name rps cpu_us" lines to $WORK/pair.
measure_pair() {
  local a="${PAIR%% *}" b="${PAIR##* }" name port round order
  [ "$a" != "$b" ] && [ -n "$a" ] && [ -n "$b" ] || die "BENCH_PAIR takes two different contenders: \"$PAIR\""
  case " $a $b " in *" nginx-auth "* | *" direct "*) die "BENCH_PAIR: $a and $b must be single servers started here (not nginx-auth or direct)" ;; esac
  declare -A pids urls
  local wrk_extra=() warmup="$WARMUP"
  case "$PAIR_MODE" in
    keep-alive) ;;
    close) wrk_extra=(-H 'Connection: close'); warmup="$CLOSE_WARMUP" ;;
    paced) wrk_extra=(-s "$(paced_script)") ;;
    *) die "BENCH_PAIR_MODE is keep-alive, paced or close, not \"$PAIR_MODE\"" ;;
  esac
  for name in "$a" "$b"; do
    port="$(free_port)"
    start_contender "$name" "$port"
    pids[$name]="$LAST_PID"
    await_https "$port"
    sanity_check "$name" "$port"
    urls[$name]="https://$HOST_NAME:$port/"
    warm_up "$name-pair" "$PAIR_MODE" "$warmup" "${urls[$name]}" "${pids[$name]}" "${wrk_extra[@]}"
  done
  : >"$WORK/pair"
  for round in $(seq "$PAIR_ROUNDS"); do
    order="$a $b"
    [ $((round % 2)) = 0 ] && order="$b $a"
    for name in $order; do
      local cost
      log "pair round $round: $name $PAIR_MODE ${DURATION}s"
      cost="$(wrk_cpu_per_request "${pids[$name]}" "$WORK/$name.pair.txt" -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "${wrk_extra[@]}" "${urls[$name]}")"
      echo "$round $name $(parse_wrk "$WORK/$name.pair.txt" | cut -d' ' -f1,3) $cost" >>"$WORK/pair"
    done
  done
  for name in "$a" "$b"; do stop_pid "${pids[$name]}"; done
}

# The pair's rounds side by side, and the median of B's share of A (req/s, and CPU per request).
render_pair() {
  [ -s "$WORK/pair" ] || return 0
  local a="${PAIR%% *}" b="${PAIR##* }"
  echo "Taking turns (BENCH_PAIR=\"$PAIR\", BENCH_PAIR_MODE=$PAIR_MODE): both running, $PAIR_MODE runs of ${DURATION}s in A B B A order after each was warmed up until steady."
  echo
  echo "| round | $a req/s | $b req/s | $b ÷ $a | $a CPU µs/req | $b CPU µs/req | $b ÷ $a (CPU) | $a p99 ms | $b p99 ms | $b ÷ $a (p99) |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk -v a="$a" -v b="$b" '
    $2 == a { ra[$1] = $3; pa[$1] = $4; ca[$1] = $5 }
    $2 == b { rb[$1] = $3; pb[$1] = $4; cb[$1] = $5 }
    END {
      for (i = 1; i in ra; i++) {
        q[i] = rb[i] / ra[i]; c[i] = cb[i] / ca[i]; l[i] = pa[i] > 0 ? pb[i] / pa[i] : 0
        printf "| %d | %d | %d | %.2f | %d | %d | %.2f | %.2f | %.2f | %.2f |\n", i, ra[i], rb[i], q[i], ca[i], cb[i], c[i], pa[i], pb[i], l[i]
      }
    }' "$WORK/pair"
  echo
  local medians
  read -r -a medians <<<"$(pair_medians)"
  echo "Median over ${medians[2]} rounds: $b does ${medians[0]}× the requests of $a, at ${medians[1]}× its CPU per request and ${medians[3]}× its p99."
}

# "REQ CPU ROUNDS P99": the medians over the pair's rounds of B's req/s, CPU per request and p99 as
# shares of A's.
pair_medians() {
  awk -v a="${PAIR%% *}" -v b="${PAIR##* }" '
    function median(v, n,   i, j, t) {
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
      return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    }
    $2 == a { ra[$1] = $3; pa[$1] = $4; ca[$1] = $5 }
    $2 == b { rb[$1] = $3; pb[$1] = $4; cb[$1] = $5 }
    END {
      for (i = 1; i in ra; i++) { q[i] = rb[i] / ra[i]; c[i] = cb[i] / ca[i]; l[i] = pa[i] > 0 ? pb[i] / pa[i] : 0; n = i }
      printf "%.2f %.2f %d %.2f\n", median(q, n), median(c, n), n, median(l, n)
    }' "$WORK/pair"
}

# Handshakes one after the other with openssl s_time (wrk never resumes a session): full ones
# (-new) and resumed ones (-reuse, a TLS 1.3 session ticket), each for DURATION s, each connection
# with one HTTP/1.0 request (-www /). The request is what makes resumption happen at all: a TLS 1.3
# server sends its tickets after the handshake, and s_time's client only takes them in by reading;
# without -www every "resumed" connection to a TLS 1.3 server was a full handshake (s_time marks
# each connection, r for resumed, * for full; the rows before results 2026-12-02-2041 were such). Appends
# "name full|resumed rate cpu share" lines to $WORK/handshakes: connections per second of wall
# time, the contender's CPU µs per connection, and the share of them that resumed.
measure_resumption() {
  local name="$1" port="$2" pid="$3" mode start out n secs ticks reused
  for mode in new reuse; do
    start="$(cpu_ticks "$pid" $HELPER_PIDS)"
    out="$(openssl s_time -connect "$ADDR:$port" -"$mode" -www / -time "$DURATION" 2>/dev/null \
      | awk '/^[*rst]+$/ { r += gsub(/r/, "") } /real seconds/ { print $1, $4, r + 0 }')"
    ticks=$(($(cpu_ticks "$pid" $HELPER_PIDS) - start))
    read -r n secs reused <<<"$out"
    [ -n "${n:-}" ] && [ "${n:-0}" -gt 0 ] || { log "$name: s_time -$mode measured nothing"; continue; }
    echo "$name $([ "$mode" = new ] && echo full || echo resumed) $(awk -v n="$n" -v s="$secs" 'BEGIN { printf "%.0f", n / s }') $(awk -v t="$ticks" -v n="$n" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.0f", t * 1000000 / hz / n }') $(awk -v r="$reused" -v n="$n" 'BEGIN { printf "%.2f", r / n }')" >>"$WORK/handshakes"
    log "$name: s_time -$mode: $n connections in $secs s, $reused of them resumed"
  done
}

# tailgate-auth with 1,000 connections that each send one request every 10 s: its RSS.
measure_idle_rss() {
  local port pid conf before
  port="$(free_port)"
  conf="$(write_tailgate_config tailgate-idle "$port" auth)"
  start_tailgate tailgate-idle "$conf"
  pid="$LAST_PID"
  await_https "$port"
  before="$(current_rss_mib "$pid")"
  cat >"$WORK/idle.lua" <<'LUA'
-- each connection sends one request, then waits 10 s before the next: 1,000 mostly idle connections
function delay() return 10000 end
LUA
  log "tailgate-auth: $IDLE_CONNECTIONS mostly idle connections for 25 s"
  # the peak includes the burst of 1,000 handshakes; this sample is the RSS once they are all open
  (sleep 20 && current_rss_mib "$pid" >"$WORK/idle.settled") &
  local sampler="$!"
  run_wrk -t"$THREADS" -c"$IDLE_CONNECTIONS" -d25s --timeout 20s -s "$WORK/idle.lua" \
    "https://$HOST_NAME:$port/" >"$WORK/idle.txt" 2>&1
  wait "$sampler" || true
  IDLE_RSS_BEFORE="$before"
  IDLE_RSS_SETTLED="$(cat "$WORK/idle.settled" 2>/dev/null || echo '?')"
  IDLE_RSS_PEAK="$(peak_rss_mib "$pid")"
  IDLE_REQUESTS="$(awk '/requests in/ {print $1}' "$WORK/idle.txt")"
  IDLE_ERRORS="$(parse_wrk "$WORK/idle.txt" | cut -d' ' -f4)"
  stop_pid "$pid"
  check_java_log tailgate-idle
}

# Time from `java -jar tailgate.jar run` to the first 200 over HTTPS, with the managed certificate
# already in MDStoreDir (a first start stored it). Three cold starts; prints the times in ms.
measure_cold_start() {
  local port dir conf pid t0 t1 times=()
  port="$(free_port)"
  dir="$WORK/cold"
  mkdir -p "$dir"
  conf="$dir/tailgate.conf"
  cat >"$conf" <<EOF
Listen 127.0.0.1:$port https
MDStoreDir $dir/md
<MDomain $HOST_NAME>
  MDCertificateProtocol tailscale
  MDCertificateAuthority $WORK/ts.sock
</MDomain>
<VirtualHost *:$port>
  ServerName $HOST_NAME
  SSLEngine on
  ProxyPass / http://127.0.0.1:$BACKEND_PORT/
</VirtualHost>
EOF
  start_tailgate cold-store "$conf"
  pid="$LAST_PID"
  await_https "$port" # curl verifies against the fake CA: the managed certificate is live and stored
  stop_pid "$pid"
  for i in 1 2 3; do
    t0="$(date +%s%N)"
    start_tailgate "cold-$i" "$conf"
    pid="$LAST_PID"
    await_https "$port"
    t1="$(date +%s%N)"
    times+=("$(((t1 - t0) / 1000000))")
    stop_pid "$pid"
  done
  COLD_TIMES="${times[*]}"
  COLD_MEDIAN="$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)"
  # the same with class data, as the launchers start it: the classes a run loads recorded once by
  # `train-class-data` (an AOT cache on Java 25 and later, an AppCDS archive before), then mapped at
  # every start; required here, so a file the JVM cannot use fails the run instead of slowing it
  local saved="$TAILGATE_JAVA_OPTS" archive
  archive="$(class_data_file "$TAILGATE_JAVA" "$dir")"
  # shellcheck disable=SC2086 # TAILGATE_JAVA_OPTS is a list of options
  class_data_record "$TAILGATE_JAVA" "$archive" "$WORK/tailgate.jar" ${TAILGATE_JAVA_OPTS:-} \
    || die "train-class-data failed on $TAILGATE_JAVA"
  TAILGATE_JAVA_OPTS="$saved $(class_data_options "$archive" required)"
  times=()
  for i in 1 2 3; do
    t0="$(date +%s%N)"
    start_tailgate "cold-cds-$i" "$conf"
    pid="$LAST_PID"
    await_https "$port"
    t1="$(date +%s%N)"
    times+=("$(((t1 - t0) / 1000000))")
    stop_pid "$pid"
  done
  TAILGATE_JAVA_OPTS="$saved"
  COLD_CDS_TIMES="${times[*]}"
  COLD_CDS_MEDIAN="$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)"
}

# ---------------------------------------------------------------------------------------------
# reporting

value() { awk -v n="$1" -v m="$2" -v f="$3" '$1 == n && $2 == m { print $f }' "$WORK/results"; }

ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "–"; else printf "%.2f", a / b }'
}

# One markdown table: each contender in each mode, with ratios to nginx and Apache in the same mode.
render_table() {
  echo "| mode | contender | req/s | p50 ms | p99 ms | errors | peak RSS MiB | CPU µs/req | req/s ÷ nginx | req/s ÷ Apache | p99 ÷ nginx | load1 |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  local mode name rps p50 p99 errors rss load cpu label rate
  for mode in keepalive paced close; do
    case "$mode" in
      keepalive) label="keep-alive" ;;
      paced) label="keep-alive, paced (${PACE_MS} ms between a connection's requests)" ;;
      *) label="new TLS connection per request" ;;
    esac
    for name in $ONLY; do
      read -r rps p50 p99 errors rss load cpu <<<"$(awk -v n="$name" -v m="$mode" \
        '$1 == n && $2 == m { print $3, $4, $5, $6, $7, $8, $9 }' "$WORK/results")"
      [ -n "${rps:-}" ] || continue
      echo "| $label | $name | $rps | $p50 | $p99 | $errors | $rss | $cpu | $(ratio "$rps" "$(value nginx "$mode" 3)") | $(ratio "$rps" "$(value apache "$mode" 3)") | $(ratio "$p99" "$(value nginx "$mode" 5)") | $load |"
    done
  done
  [ -s "$WORK/handshakes" ] || return 0
  echo
  echo "Connections one after the other, each with one HTTP/1.0 request (openssl s_time -www /, one client, ${DURATION}s each): full handshakes, and resumed from a TLS 1.3 session ticket (the share s_time saw resumed)."
  echo
  echo "| contender | full /s | CPU µs per full | resumed /s | CPU µs per resumed | share resumed | resumed ÷ full | full ÷ nginx | resumed ÷ nginx |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  local full fcpu resumed rcpu share hs
  hs() { awk -v n="$1" -v m="$2" -v f="$3" '$1 == n && $2 == m { print $f }' "$WORK/handshakes"; }
  for name in $ONLY; do
    full="$(hs "$name" full 3)"
    [ -n "$full" ] || continue
    fcpu="$(hs "$name" full 4)"
    resumed="$(hs "$name" resumed 3)"
    rcpu="$(hs "$name" resumed 4)"
    share="$(hs "$name" resumed 5)"
    echo "| $name | $full | $fcpu | ${resumed:-–} | ${rcpu:-–} | ${share:-–} | $(ratio "${resumed:-}" "$full") | $(ratio "$full" "$(hs nginx full 3)") | $(ratio "${resumed:-}" "$(hs nginx resumed 3)") |"
  done
}

# What each contender negotiated with OpenSSL's client (sanity_check requires TLS 1.3 of all).
render_protocols() {
  [ -s "$WORK/protocols" ] || return 0
  echo "TLS as each contender negotiated it with openssl s_client (wrk's OpenSSL offers the same): $(awk '{ printf "%s%s %s %s", (NR > 1 ? ", " : ""), $1, $2, $3 }' "$WORK/protocols")."
}

verdict() { awk -v ok="$1" 'BEGIN { print (ok == 1 ? "met" : "missed") }'; }

# The issue's targets, each with the figures it was judged on.
render_targets() {
  local auth ng ap plain p99a p99n
  auth="$(value tailgate-auth keepalive 3)"; ng="$(value nginx keepalive 3)"; ap="$(value apache keepalive 3)"
  plain="$(value tailgate keepalive 3)"; p99a="$(value tailgate-auth keepalive 5)"; p99n="$(value nginx keepalive 5)"
  if [ -n "$auth" ] && [ -n "$ng" ] && [ -n "$ap" ] && [ -n "$plain" ]; then
    echo "- authenticated keep-alive throughput ≥ 1.2× Apache (issue 16; issue 6 asked 1×): $auth vs $ap req/s ($(ratio "$auth" "$ap")×): $(verdict "$(awk -v a="$auth" -v b="$ap" 'BEGIN{print (a>=1.2*b)}')")"
    echo "- authenticated keep-alive throughput ≥ 0.7× nginx: $(ratio "$auth" "$ng")×: $(verdict "$(awk -v a="$auth" -v b="$ng" 'BEGIN{print (a>=0.7*b)}')")"
    if [ "$PAIR" = "tailgate tailgate-auth" ] && [ "$PAIR_MODE" = keep-alive ] && [ -s "$WORK/pair" ]; then
      # the rows above ran minutes apart; the pair took turns under the same noise
      local medians
      read -r -a medians <<<"$(pair_medians)"
      echo "- auth costs ≤ 5% of keep-alive throughput, taking turns: tailgate-auth ${medians[0]}× tailgate (median of ${medians[2]} rounds; CPU ${medians[1]}×): $(verdict "$(awk -v q="${medians[0]}" 'BEGIN{print (q>=0.95)}')") (one after the other, above: $auth vs $plain req/s, $(ratio "$auth" "$plain")×)"
    else
      echo "- auth costs ≤ 5% of keep-alive throughput: $auth vs $plain req/s ($(ratio "$auth" "$plain")×): $(verdict "$(awk -v a="$auth" -v b="$plain" 'BEGIN{print (a>=0.95*b)}')")"
    fi
    echo "  (CPU per keep-alive request, less sensitive to noise: tailgate-auth $(value tailgate-auth keepalive 9) µs, tailgate $(value tailgate keepalive 9) µs, nginx $(value nginx keepalive 9) µs, Apache $(value apache keepalive 9) µs)"
    echo "- p99 within 1.5× of nginx: $p99a vs $p99n ms ($(ratio "$p99a" "$p99n")×): $(verdict "$(awk -v a="$p99a" -v b="$p99n" 'BEGIN{print (a<=1.5*b)}')")"
    local pa pn
    pa="$(value tailgate-auth paced 5)"; pn="$(value nginx paced 5)"
    if [ -n "$pa" ] && [ -n "$pn" ]; then
      echo "  (at the same load, paced: tailgate-auth $pa ms at $(value tailgate-auth paced 3) req/s, nginx $pn ms at $(value nginx paced 3) req/s, $(ratio "$pa" "$pn")×: $(verdict "$(awk -v a="$pa" -v b="$pn" 'BEGIN{print (a<=1.5*b)}')"); CPU per request at that load: tailgate-auth $(value tailgate-auth paced 9) µs, nginx $(value nginx paced 9) µs)"
    fi
  fi
  local close_plain close_ng close_ap
  close_plain="$(value tailgate close 3)"; close_ng="$(value nginx close 3)"; close_ap="$(value apache close 3)"
  if [ -n "$close_plain" ] && [ -n "$close_ng" ] && [ -n "$close_ap" ]; then
    echo "- new connection per request, tailgate ≥ 0.7× nginx and ≥ 1.5× Apache: $close_plain vs $close_ng and $close_ap req/s ($(ratio "$close_plain" "$close_ng")×, $(ratio "$close_plain" "$close_ap")×): $(verdict "$(awk -v a="$close_plain" -v b="$close_ng" 'BEGIN{print (a>=0.7*b)}')") and $(verdict "$(awk -v a="$close_plain" -v b="$close_ap" 'BEGIN{print (a>=1.5*b)}')") (CPU per connection: tailgate $(value tailgate close 9) µs, nginx $(value nginx close 9) µs, Apache $(value apache close 9) µs)"
  fi
  local via_nginx close_auth close_via_nginx
  via_nginx="$(value nginx-auth keepalive 3)"
  close_auth="$(value tailgate-auth close 3)"; close_via_nginx="$(value nginx-auth close 3)"
  if [ -n "$via_nginx" ] && [ -n "$auth" ]; then
    echo "- tailgate-auth ≥ nginx with auth_request to tailgate: keep-alive $auth vs $via_nginx req/s ($(ratio "$auth" "$via_nginx")×): $(verdict "$(awk -v a="$auth" -v b="$via_nginx" 'BEGIN{print (a>=b)}')"); new connection per request $close_auth vs $close_via_nginx req/s ($(ratio "$close_auth" "$close_via_nginx")×): $(verdict "$(awk -v a="$close_auth" -v b="$close_via_nginx" 'BEGIN{print (a>=b)}')")"
  fi
  local jdk
  jdk="$(value tailgate-jdk close 3)"
  if [ -n "$jdk" ] && [ -n "$plain" ]; then
    echo "- TLS engine (new connection per request): Conscrypt $(value tailgate close 3) vs JDK $jdk req/s ($(ratio "$(value tailgate close 3)" "$jdk")×), CPU $(value tailgate close 9) vs $(value tailgate-jdk close 9) µs per request, peak RSS $(value tailgate close 7) vs $(value tailgate-jdk close 7) MiB; keep-alive $(value tailgate keepalive 3) vs $(value tailgate-jdk keepalive 3) req/s"
  fi
  local metered
  metered="$(value tailgate-auth-metrics keepalive 3)"
  if [ -n "$metered" ] && [ -n "$auth" ]; then
    echo "- metrics recorded vs not (A/B, keep-alive): $metered vs $auth req/s ($(ratio "$metered" "$auth")×), CPU $(value tailgate-auth-metrics keepalive 9) vs $(value tailgate-auth keepalive 9) µs per request"
  fi
  local slow slow_errors
  slow="$(value tailgate-auth-slow keepalive 3)"; slow_errors="$(value tailgate-auth-slow keepalive 6)"
  if [ -n "$slow" ] && [ -n "$auth" ]; then
    echo "- with a busy tailscaled (whois $SLOW_WHOIS, backlog 16), keep-alive throughput ≥ 90% of the fast daemon's and no non-2xx: $slow vs $auth req/s ($(ratio "$slow" "$auth")×), $slow_errors errors: $(verdict "$(awk -v a="$slow" -v b="$auth" -v e="$slow_errors" 'BEGIN{print (a>=0.9*b && e==0)}')")"
    echo "  (new connection per request, where each connection's first request waits for its whois: $(value tailgate-auth-slow close 3) vs $(value tailgate-auth close 3) req/s, $(value tailgate-auth-slow close 6) errors)"
  fi
  if [ -n "${IDLE_RSS_PEAK:-}" ]; then
    echo "- under 256 MiB RSS with $IDLE_CONNECTIONS idle connections: $IDLE_RSS_SETTLED MiB once all are open and idle (before them: $IDLE_RSS_BEFORE MiB; $IDLE_REQUESTS requests, $IDLE_ERRORS errors): $(verdict "$(awk -v r="$IDLE_RSS_SETTLED" 'BEGIN { print (r + 0 > 0 && r + 0 < 256) }')")"
    echo "  (peak while all $IDLE_CONNECTIONS handshakes arrive at once on a freshly started JVM: $IDLE_RSS_PEAK MiB, $(verdict "$((IDLE_RSS_PEAK < 256 ? 1 : 0))") against the same bound)"
  fi
  if [ -n "${COLD_MEDIAN:-}" ]; then
    echo "- cold start to first HTTPS response, stored certificate, under 1.5 s: median $COLD_MEDIAN ms (runs: $COLD_TIMES ms): $(verdict "$((COLD_MEDIAN < 1500 ? 1 : 0))")"
    echo "- the same with the class data the launchers record (train-class-data: an AppCDS archive, or an AOT cache on Java 25 and later), under 1.0 s: median $COLD_CDS_MEDIAN ms (runs: $COLD_CDS_TIMES ms): $(verdict "$((COLD_CDS_MEDIAN < 1000 ? 1 : 0))")"
  fi
  [ -z "${AUTH_WARNING:-}" ] || echo "- WARNING: $AUTH_WARNING"
  local warning
  for warning in "${WARNINGS[@]}"; do
    echo "- WARNING: $warning"
  done
}

render_machine() {
  local cpu mem versions revision
  cpu="$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  mem="$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
  revision="$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  if [ -n "$(cd "$ROOT" && git status --porcelain 2>/dev/null)" ]; then
    revision="$revision with local changes"
  fi
  versions="$(nginx -v 2>&1 | sed 's/^nginx version: //'), $(/usr/sbin/apache2 -v | awk -F': ' '/version/ {print $2}') (event MPM)"
  versions="$versions, $("$TAILGATE_JAVA" -version 2>&1 | head -1 || true), $({ wrk --version 2>&1 || true; } | head -1 | cut -d' ' -f1-2)"
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- machine: $(hostname), $(nproc) cores ($cpu), $mem, $(uname -sr)"
  echo "- load average at start / end: $LOAD_START / $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- versions: $versions, tailgate $revision"
  echo "- load: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency after a warm-up until steady (at least ${WARMUP}s, at most ${WARMUP_MAX}s; see warm_up), over TLS (HTTP/1.1), a $BODY_BYTES-byte static body from nginx; the new-connection rows add -H 'Connection: close', after a warm-up of their own (at least ${CLOSE_WARMUP}s); the paced rows run the same after the keep-alive run with every connection pausing ${PACE_MS} ms after each response"
  if [ -s "$WORK/warmups" ]; then
    echo "- warm-up until steady, seconds: $(awk '{printf "%s%s %s %s", (NR > 1 ? "; " : ""), $1, $2, $3}' "$WORK/warmups")"
  fi
  echo "- tailgate JVM options: ${TAILGATE_JAVA_OPTS:-none, the JVM defaults} (MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX)"
  echo "- tailgate-auth extra directives: ${AUTH_DIRECTIVES:-none}"
  case " $ONLY $PAIR " in
    *" tailgate-auth-b "*) echo "- tailgate-auth-b: tailgate-auth with JVM options: ${B_JAVA_OPTS:-none}; directives: $(echo "${B_DIRECTIVES:-none}" | paste -sd ';' -)$([ "$B_JAVA" = "$TAILGATE_JAVA" ] || echo "; java: $("$B_JAVA" -version 2>&1 | head -1)")$([ -z "$B_JAR" ] || echo "; jar: $B_JAR, $(sha256sum "$B_JAR" | cut -c1-12)")" ;;
  esac
  if [ -n "${BENCH_PROFILE:-}" ]; then
    echo "- PROFILED (bench/profile.sh): async-profiler ran during the timed runs; do not quote these figures"
  fi
}

main() {
  ensure_packages
  WORK="$(mktemp -d /tmp/tailgate-bench.XXXXXX)"
  chmod 755 "$WORK" # nginx and Apache workers (www-data) read the docroot; keys are 0600, read by their masters
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  ulimit -n 65536 2>/dev/null || true
  LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
  printf '127.0.0.1 localhost\n127.0.0.1 %s\n' "$HOST_NAME" >"$WORK/hosts-127.0.0.1"
  unshare -m true || die "unshare -m is needed (run as root)"
  prepare_jar
  write_docroot
  start_tailscaled_and_fetch_certificate
  start_backend
  : >"$WORK/results"
  local name
  for name in $ONLY; do
    # "pair" alone runs only BENCH_PAIR
    [ "$name" = cold-start ] || [ "$name" = pair ] || measure_contender "$name"
  done
  [ -z "$PAIR" ] || measure_pair
  if [ "${BENCH_EXTRAS:-1}" != 0 ]; then
    case " $ONLY " in
      *" tailgate-auth "*) measure_idle_rss; measure_cold_start ;;
      *" cold-start "*) measure_cold_start ;;
    esac
  fi

  local stem="$ROOT/bench/results/$(date +%Y-%m-%d-%H%M)-$(hostname -s)" out n=2
  out="$stem.md"
  # two runs ending in the same minute (a short cold-start run after another) keep both files
  while [ -e "$out" ]; do
    out="$stem-$n.md"
    n=$((n + 1))
  done
  mkdir -p "$ROOT/bench/results"
  {
    echo "# bench/run.sh, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    render_machine
    echo
    if [ -s "$WORK/results" ]; then
      render_table
      echo
      render_protocols
      echo
    fi
    if [ -n "$PAIR" ]; then
      render_pair
      echo
    fi
    # a cold-start-only run has no table, but its targets
    if [ -s "$WORK/results" ] || [ -n "${COLD_MEDIAN:-}${IDLE_RSS_PEAK:-}" ]; then
      echo "Targets (issues #6 and #16):"
      echo
      render_targets
    fi
  } >"$out.tmp"
  mv "$out.tmp" "$out"
  cat "$out"
  log "written to ${out#"$ROOT"/}"
}

main "$@"
