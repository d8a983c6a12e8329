#!/usr/bin/env bash
# Installs what the DNS tests need (the test setup itself starts the server, see
# proxy/src/test/java/org/smtpguard/proxy/testdns/AuthoritativeDns.java):
#   nsd          Debian's NSD, the authoritative server the tests start on 127.0.0.1
#   bind9-utils  dnssec-keygen and dnssec-signzone, which sign the test zones at test time
# Idempotent; needs root or passwordless sudo when something is missing.
set -euo pipefail

missing=()
command -v nsd >/dev/null 2>&1 || [ -x /usr/sbin/nsd ] || missing+=(nsd)
command -v dnssec-signzone >/dev/null 2>&1 || missing+=(bind9-utils)
[ ${#missing[@]} -eq 0 ] && { echo "dns-setup: nsd and bind9-utils present"; exit 0; }

sudo=()
[ "$(id -u)" = 0 ] || sudo=(sudo -n)
echo "dns-setup: installing ${missing[*]}"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
# Debian starts the packaged NSD on port 53; the tests run their own instance on another port.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet nsd 2>/dev/null; then
  "${sudo[@]}" systemctl stop nsd || true
fi
