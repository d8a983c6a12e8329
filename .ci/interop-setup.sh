#!/usr/bin/env bash
# Installs and starts the real peers of the interop suite (proxy/src/test/java/.../interop/*InteropIT):
# a private Postfix instance as the upstream, and swaks, curl and python3 as clients. Idempotent: run it
# again to regenerate the configuration and restart the instance (certificates are kept; FORCE=1
# makes new ones). The system's Postfix configuration is never touched and no system service is
# started: everything lives under $INTEROP_DIR and is driven with `postfix -c`.
#
#   127.0.0.1:$INTEROP_PF_STARTTLS_PORT  SMTP, STARTTLS offered (certificate mail.test from our upstream CA),
#                                        AUTH PLAIN/LOGIN after STARTTLS only: alice / s3cret (cyrus sasldb)
#   127.0.0.1:$INTEROP_PF_SMTPS_PORT     the same, implicit TLS (smtps, wrappermode)
#   127.0.0.1:$INTEROP_PF_NOTLS_PORT     the same, but NO STARTTLS offered (smtpguard must refuse it)
#   any recipient is delivered to the Maildir $INTEROP_DIR/postfix/maildir/sink/; log: $INTEROP_DIR/postfix/log/maillog
#
# Writes $INTEROP_DIR/interop.properties, which the tests read (mvn ... -Dinterop.dir=$INTEROP_DIR).
# Stop it with .ci/interop-teardown.sh. Needs root; as another user it re-runs itself with `sudo -n`.
set -euo pipefail

INTEROP_DIR=${INTEROP_DIR:-/tmp/smtpguard-interop}
INTEROP_PF_STARTTLS_PORT=${INTEROP_PF_STARTTLS_PORT:-20025}
INTEROP_PF_SMTPS_PORT=${INTEROP_PF_SMTPS_PORT:-20465}
INTEROP_PF_NOTLS_PORT=${INTEROP_PF_NOTLS_PORT:-20026}

if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "interop-setup: needs root (or sudo) to install packages and run Postfix" >&2; exit 1; }
  # The files the tests read (certificates, Maildir, log) are made readable by the invoking user.
  exec sudo -n env INTEROP_OWNER="$(id -u):$(id -g)" INTEROP_DIR="$INTEROP_DIR" FORCE="${FORCE:-0}" \
    INTEROP_PF_STARTTLS_PORT="$INTEROP_PF_STARTTLS_PORT" INTEROP_PF_SMTPS_PORT="$INTEROP_PF_SMTPS_PORT" \
    INTEROP_PF_NOTLS_PORT="$INTEROP_PF_NOTLS_PORT" bash "$0" "$@"
fi
owner=${INTEROP_OWNER:-0:0}
export DEBIAN_FRONTEND=noninteractive
PATH="$PATH:/usr/sbin:/sbin"

log() { echo "interop-setup: $*"; }

# ---- 1. packages (services are not started by the install)
pkgs=(postfix swaks libnet-ssleay-perl libio-socket-ssl-perl libauthen-sasl-perl curl python3
      sasl2-bin libsasl2-modules ca-certificates openssl)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  log "packages already installed"
else
  log "installing: ${missing[*]}"
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  echo "postfix postfix/mailname string mail.test" | debconf-set-selections
  created_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    created_policy=1
  fi
  trap '[ "$created_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d' EXIT
  # apt-get update only when there are no package lists, or when they are too old to install from.
  updated=0
  if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -print -quit 2>/dev/null)" ]; then
    apt-get update -q
    updated=1
  fi
  if ! apt-get install -y -q --no-install-recommends "${missing[@]}"; then
    [ "$updated" = 0 ] || exit 1
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
  if [ "$created_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
  trap - EXIT
fi

# ---- 2. certificates: an upstream CA (Postfix's mail.test) and a client-side CA (smtpguard's own
# certificate, which the clients trust; they do not trust the upstream CA, so a proxy that let the
# upstream's TLS through instead of terminating it would fail their handshake).
C="$INTEROP_DIR/certs"
mkdir -p "$C"
if [ "${FORCE:-0}" = 1 ]; then rm -f "$C"/*; fi
newkey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; chmod 600 "$1"; }
new_ca() {  # name CN
  newkey "$C/$1.key"
  openssl req -new -x509 -key "$C/$1.key" -out "$C/$1.crt" -days 30 -subj "/O=smtpguard interop/CN=$2" \
    -addext "basicConstraints=critical,CA:true" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}
new_leaf() {  # name CA subjectAltName
  newkey "$C/$1.key"
  openssl req -new -key "$C/$1.key" -out "$C/$1.csr" -subj "/O=smtpguard interop/CN=$1" 2>/dev/null
  printf 'basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' \
    "$3" > "$C/$1.ext"
  openssl x509 -req -in "$C/$1.csr" -CA "$C/$2.crt" -CAkey "$C/$2.key" -CAcreateserial -days 30 \
    -extfile "$C/$1.ext" -out "$C/$1.crt" 2>/dev/null
  rm -f "$C/$1.csr" "$C/$1.ext"
}
if [ -s "$C/mail.test.crt" ] && [ -s "$C/proxy.crt" ] && openssl x509 -checkend 86400 -noout -in "$C/mail.test.crt" >/dev/null \
   && openssl x509 -checkend 86400 -noout -in "$C/proxy.crt" >/dev/null; then
  log "certificates kept in $C (FORCE=1 makes new ones)"
else
  new_ca upstream-ca "smtpguard interop upstream CA"
  new_ca client-ca "smtpguard interop client-side CA"
  new_leaf mail.test upstream-ca "DNS:mail.test"
  new_leaf proxy client-ca "DNS:smtpguard.test,DNS:localhost,IP:127.0.0.1"
  cat "$C/mail.test.key" "$C/mail.test.crt" > "$C/mail.test.pem"
  chmod 600 "$C/mail.test.pem"
  log "certificates written to $C"
fi
chown "$owner" "$C" "$C"/upstream-ca.crt "$C"/client-ca.crt "$C"/proxy.crt "$C"/proxy.key

# ---- 3. a private Postfix instance
I="$INTEROP_DIR/postfix"
ETC="$I/etc"
if [ -f "$ETC/main.cf" ] && postfix -c "$ETC" status >/dev/null 2>&1; then
  log "restarting the running instance"
  postfix -c "$ETC" stop >/dev/null 2>&1 || true
  for _ in $(seq 1 50); do postfix -c "$ETC" status >/dev/null 2>&1 || break; sleep 0.1; done
fi
mkdir -p "$ETC/sasl" "$I/spool" "$I/data" "$I/log" "$I/maildir"
chown postfix "$I/data"
touch "$I/log/maillog"
chmod 644 "$I/log/maillog"
# Maildir files are owned by the user who runs the tests (nobody when that is root: Postfix never delivers as root).
mail_uid=${owner%%:*}; mail_gid=${owner##*:}
if [ "$mail_uid" -lt 100 ]; then mail_uid=65534; mail_gid=65534; fi
chown "$mail_uid:$mail_gid" "$I/maildir"
rm -rf "$I/maildir/sink"   # a fresh start: Postfix makes it again at the first delivery

# Debian's Postfix reads the SASL application config from <config_directory>/sasl/smtpd.conf.
cat > "$ETC/sasl/smtpd.conf" <<EOF
pwcheck_method: auxprop
auxprop_plugin: sasldb
mech_list: PLAIN LOGIN
sasldb_path: $ETC/sasl/sasldb2
EOF
echo 's3cret' | saslpasswd2 -p -c -f "$ETC/sasl/sasldb2" -u mail.test alice
chown root:postfix "$ETC/sasl/sasldb2"
chmod 640 "$ETC/sasl/sasldb2"

version=$(postconf -dh mail_version)
case "$version" in 2.*|3.[0-5].*) compat=2 ;; *) compat=3.6 ;; esac
cat > "$ETC/main.cf" <<EOF
# generated by .ci/interop-setup.sh: a private instance for the smtpguard interop suite
compatibility_level = $compat
config_directory = $ETC
queue_directory = $I/spool
data_directory = $I/data
mail_owner = postfix
setgid_group = postdrop
myhostname = mail.test
mydomain = test
myorigin = mail.test
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
alias_maps =
alias_database =
local_recipient_maps =
local_transport = error:local delivery disabled
biff = no
# no syslog in containers: log to a file (postlogd)
maillog_file = $I/log/maillog
maillog_file_prefixes = $I/log
smtputf8_enable = no
smtpd_banner = \$myhostname ESMTP interop-postfix
smtp_host_lookup = native
smtp_dns_support_level = disabled
message_size_limit = 52428800
# any recipient, any domain: one Maildir
virtual_mailbox_domains = static:all
virtual_mailbox_base = $I/maildir
virtual_mailbox_maps = static:sink/
virtual_uid_maps = static:$mail_uid
virtual_gid_maps = static:$mail_gid
virtual_minimum_uid = 100
virtual_mailbox_limit = 0
smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination
smtpd_tls_chain_files = $C/mail.test.pem
smtpd_tls_security_level = may
smtpd_tls_loglevel = 1
smtpd_tls_received_header = yes
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = cyrus
smtpd_sasl_path = smtpd
cyrus_sasl_config_path = $ETC/sasl
smtpd_sasl_local_domain = mail.test
smtpd_tls_auth_only = yes
smtpd_sasl_security_options = noanonymous
# smtpguard may pass the original client's address with XCLIENT (upstream.xclient, XclientInteropIT)
smtpd_authorized_xclient_hosts = 127.0.0.1
EOF
{
  echo "127.0.0.1:$INTEROP_PF_STARTTLS_PORT inet n - n - - smtpd"
  echo "127.0.0.1:$INTEROP_PF_SMTPS_PORT inet n - n - - smtpd -o syslog_name=postfix/smtps -o smtpd_tls_wrappermode=yes -o smtpd_tls_security_level=encrypt"
  echo "127.0.0.1:$INTEROP_PF_NOTLS_PORT inet n - n - - smtpd -o syslog_name=postfix/notls -o smtpd_tls_security_level=none"
  cat <<'EOF'
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
virtual   unix  -       n       n       -       -       virtual
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
} > "$ETC/master.cf"

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$INTEROP_PF_STARTTLS_PORT" "$INTEROP_PF_SMTPS_PORT" "$INTEROP_PF_NOTLS_PORT"; do
  if listening "$port"; then
    echo "interop-setup: 127.0.0.1:$port is already in use; choose other INTEROP_PF_*_PORT values" >&2
    exit 1
  fi
done
if ! postfix -c "$ETC" check; then
  echo "interop-setup: 'postfix -c $ETC check' failed (it may only have said so in $I/log/maillog):" >&2
  tail -n 20 "$I/log/maillog" >&2 || true
  exit 1
fi
postfix -c "$ETC" start

# Wait until all three ports accept connections (bounded: 10 s each).
for port in "$INTEROP_PF_STARTTLS_PORT" "$INTEROP_PF_SMTPS_PORT" "$INTEROP_PF_NOTLS_PORT"; do
  up=0
  for _ in $(seq 1 100); do
    if listening "$port"; then up=1; break; fi
    sleep 0.1
  done
  if [ "$up" != 1 ]; then
    echo "interop-setup: Postfix does not listen on 127.0.0.1:$port; its log:" >&2
    tail -n 30 "$I/log/maillog" >&2 || true
    exit 1
  fi
done

cat > "$INTEROP_DIR/interop.properties" <<EOF
# written by .ci/interop-setup.sh; read by the *InteropIT tests (-Dinterop.dir=$INTEROP_DIR)
postfix.starttls.port=$INTEROP_PF_STARTTLS_PORT
postfix.smtps.port=$INTEROP_PF_SMTPS_PORT
postfix.notls.port=$INTEROP_PF_NOTLS_PORT
postfix.maildir=$I/maildir/sink
postfix.log=$I/log/maillog
upstream.name=mail.test
upstream.ca=$C/upstream-ca.crt
client.cert=$C/proxy.crt
client.key=$C/proxy.key
client.ca=$C/client-ca.crt
auth.user=alice
auth.password=s3cret
EOF
chown "$owner" "$INTEROP_DIR" "$INTEROP_DIR/interop.properties"
log "Postfix $version up (pid $(tr -d ' ' < "$I/spool/pid/master.pid")): STARTTLS 127.0.0.1:$INTEROP_PF_STARTTLS_PORT," \
  "smtps 127.0.0.1:$INTEROP_PF_SMTPS_PORT, no STARTTLS 127.0.0.1:$INTEROP_PF_NOTLS_PORT; log $I/log/maillog"
log "ready: pass -Dinterop.dir=$INTEROP_DIR"
