#!/usr/bin/env bash
# Installs what the benchmark needs (Debian packages; no system service is started) and makes its
# throwaway PKI under $BENCH_DIR/certs: a CA, "mail.test" for the sink (RSA-2048, as most MTAs have).
#   stunnel4                 the tool smtpguard is compared with (client = yes, protocol = smtp, verified)
#   nginx + libnginx-mod-mail, postfix (for smtp-sink)   the fast STARTTLS sink: nginx mail -> smtp-sink
#   gcc                      builds nodelay.so (TCP_NODELAY for nginx, see nodelay.c)
#   gnuplot-nox              the PNG plot;  python3 the tables;  openssl the certificates;  procps jstat-free
set -euo pipefail
BENCH_DIR=${BENCH_DIR:-/tmp/smtpguard-bench}
here=$(cd "$(dirname "$0")" && pwd)
export DEBIAN_FRONTEND=noninteractive
PATH="$PATH:/usr/sbin:/sbin"

pkgs=(stunnel4 nginx libnginx-mod-mail postfix gcc libc6-dev gnuplot-nox python3 openssl procps iproute2)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "setup: installing ${missing[*]} needs root" >&2; exit 1; }
  echo "setup: installing ${missing[*]}"
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  echo "postfix postfix/mailname string mail.test" | debconf-set-selections
  created_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; created_policy=1
  fi
  trap '[ "$created_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d' EXIT
  if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -print -quit 2>/dev/null)" ]; then
    apt-get update -q
  fi
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

C="$BENCH_DIR/certs"
mkdir -p "$C" "$BENCH_DIR/bin"
if [ ! -s "$C/mail.test.crt" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=smtpguard bench CA" \
    -keyout "$C/ca.key" -out "$C/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=mail.test" -keyout "$C/mail.test.key" -out "$C/mail.test.csr" 2>/dev/null
  printf 'subjectAltName=DNS:mail.test,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' > "$C/mail.test.ext"
  openssl x509 -req -in "$C/mail.test.csr" -CA "$C/ca.crt" -CAkey "$C/ca.key" -CAcreateserial -days 30 \
    -extfile "$C/mail.test.ext" -out "$C/mail.test.crt" 2>/dev/null
fi
if [ ! -s "$BENCH_DIR/bin/nodelay.so" ] || [ "$here/nodelay.c" -nt "$BENCH_DIR/bin/nodelay.so" ]; then
  gcc -O2 -shared -fPIC -o "$BENCH_DIR/bin/nodelay.so" "$here/nodelay.c" -ldl
fi
echo "setup: done ($(stunnel -version 2>&1 | grep -m1 -o "stunnel [0-9.]*"), nginx $(nginx -v 2>&1 | sed 's/.*\///'), certificates in $C)"
