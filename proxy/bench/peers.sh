# shellcheck shell=bash
# The processes of the benchmark, all on 127.0.0.1, state under $BENCH_DIR. Sourced by run-matrix.sh.
#   sink_up            nginx mail (STARTTLS, cert mail.test, TCP_NODELAY shim) on $SINK_PORT
#                      -> smtp-sink (plaintext, discards) on $SINK_PLAIN_PORT
#   stunnel_up NAME PORT   stunnel client, protocol = smtp, verifyChain + checkHost mail.test -> the sink
#   smtpguard_up NAME PORT [JAVA OPTIONS...]   smtpguard run, upstream the sink, verified as mail.test;
#                                              GUARD_REUSE: its upstream.reuse_connections (default 0)
#   stop_all           stops everything started here
PATH="$PATH:/usr/sbin:/sbin"
BENCH_PORT_BASE=${BENCH_PORT_BASE:-27000}
SINK_PORT=$((BENCH_PORT_BASE + 25))
SINK_PLAIN_PORT=$((BENCH_PORT_BASE + 26))
SINK_AUTH_PORT=$((BENCH_PORT_BASE + 80))

wait_listen() {
  local port=$1 i
  for ((i = 0; i < 300; i++)); do
    ss -Hltn "sport = :$port" 2>/dev/null | grep -q . && return 0
    sleep 0.1
  done
  echo "nothing listens on 127.0.0.1:$port after 30 s" >&2
  return 1
}

need_free() {
  local port
  for port in "$@"; do
    if ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; then
      echo "127.0.0.1:$port is already in use by another program: set BENCH_PORT_BASE to move every port" >&2
      return 1
    fi
  done
}

pid_of() { cat "$BENCH_DIR/$1.pid"; }

stop_one() {
  local f="$BENCH_DIR/$1.pid" pid i
  [ -s "$f" ] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

sink_up() {
  local d="$BENCH_DIR/sink" mod
  need_free "$SINK_PORT" "$SINK_PLAIN_PORT" "$SINK_AUTH_PORT"
  mkdir -p "$d/tmp"
  mod=$(dpkg -L libnginx-mod-mail | grep 'ngx_mail_module\.so$' | head -1)
  smtp_sink=$(command -v smtp-sink)
  setsid "$smtp_sink" -4 -c -m 20000 -h sink.test -u nobody "127.0.0.1:$SINK_PLAIN_PORT" 4096 \
    > "$d/smtp-sink.out" 2> "$d/smtp-sink.err" < /dev/null &
  echo $! > "$BENCH_DIR/smtp-sink.pid"
  cat > "$d/nginx.conf" <<CONF
load_module $mod;
worker_processes auto;
worker_rlimit_nofile 100000;
pid $d/nginx.pid;
error_log $d/error.log warn;
events { worker_connections 30000; }
http {
  access_log off;
  client_body_temp_path $d/tmp/body; proxy_temp_path $d/tmp/proxy; fastcgi_temp_path $d/tmp/fastcgi;
  uwsgi_temp_path $d/tmp/uwsgi; scgi_temp_path $d/tmp/scgi;
  server {
    listen 127.0.0.1:$SINK_AUTH_PORT;
    location = /auth { add_header Auth-Status OK; add_header Auth-Server 127.0.0.1;
                       add_header Auth-Port $SINK_PLAIN_PORT; return 204; }
  }
}
mail {
  server_name mail.test;
  auth_http 127.0.0.1:$SINK_AUTH_PORT/auth;
  proxy_pass_error_message on;
  xclient off;
  smtp_auth none plain login;
  smtp_capabilities "SIZE 104857600" "8BITMIME" "ENHANCEDSTATUSCODES";
  ssl_certificate $BENCH_DIR/certs/mail.test.crt;
  ssl_certificate_key $BENCH_DIR/certs/mail.test.key;
  ssl_protocols TLSv1.2 TLSv1.3;
  timeout 600s;
  server { listen 127.0.0.1:$SINK_PORT; protocol smtp; starttls on; }
}
CONF
  LD_PRELOAD="$BENCH_DIR/bin/nodelay.so" nginx -c "$d/nginx.conf" -p "$d" -e "$d/error.log"
  wait_listen "$SINK_PLAIN_PORT" && wait_listen "$SINK_PORT"
  cp "$d/nginx.pid" "$BENCH_DIR/sink-nginx.pid"
}

stunnel_up() {
  local name=$1 port=$2 d="$BENCH_DIR/$1"
  need_free "$port"
  mkdir -p "$d"
  cat > "$d/stunnel.conf" <<CONF
foreground = no
pid = $BENCH_DIR/$name.pid
output = $d/stunnel.log
syslog = no
debug = notice
[smtp-enforce]
client = yes
accept = 127.0.0.1:$port
connect = 127.0.0.1:$SINK_PORT
protocol = smtp
protocolHost = proxy.test
sni = mail.test
verifyChain = yes
CAfile = $BENCH_DIR/certs/ca.crt
checkHost = mail.test
CONF
  stunnel "$d/stunnel.conf"
  wait_listen "$port"
}

smtpguard_up() {
  local name=$1 port=$2
  shift 2
  need_free "$port"
  # the connection caps (1000 in all, 100 per address by default) would refuse the idle sessions' clients
  SMTPGUARD_UPSTREAM_REUSE_CONNECTIONS="${GUARD_REUSE:-0}" SMTPGUARD_LIMITS_CLIENT_CONNECTIONS=1000000 \
  SMTPGUARD_LIMITS_CLIENT_CONNECTIONS_PER_ADDRESS=1000000 \
  setsid java "$@" -jar "$JAR" run --listen "127.0.0.1:$port" --upstream "127.0.0.1:$SINK_PORT" \
    --upstream-name mail.test --upstream-ca "$BENCH_DIR/certs/ca.crt" \
    > "$BENCH_DIR/$name.log" 2>&1 < /dev/null &
  echo $! > "$BENCH_DIR/$name.pid"
  wait_listen "$port"
}

stop_all() {
  local f
  for f in "$BENCH_DIR"/*.pid; do
    [ -e "$f" ] || continue
    case "$f" in */sink-nginx.pid) ;; *) stop_one "$(basename "$f" .pid)" ;; esac
  done
  if [ -s "$BENCH_DIR/sink/nginx.pid" ]; then
    nginx -c "$BENCH_DIR/sink/nginx.conf" -p "$BENCH_DIR/sink" -s stop 2>/dev/null || true
  fi
  rm -f "$BENCH_DIR/sink-nginx.pid"
}
