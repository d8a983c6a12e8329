#!/usr/bin/env bash
# Stops the private Postfix instance started by .ci/interop-setup.sh. PURGE=1 also deletes
# $INTEROP_DIR (certificates, queue, Maildir, log). Safe to run when nothing is running.
set -uo pipefail
INTEROP_DIR=${INTEROP_DIR:-/tmp/smtpguard-interop}
PATH="$PATH:/usr/sbin:/sbin"
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then
  exec sudo -n env INTEROP_DIR="$INTEROP_DIR" PURGE="${PURGE:-0}" bash "$0" "$@"
fi
ETC="$INTEROP_DIR/postfix/etc"
if [ -f "$ETC/main.cf" ] && postfix -c "$ETC" status >/dev/null 2>&1; then
  postfix -c "$ETC" stop 2>&1 | grep -v '^$' || true
  for _ in $(seq 1 50); do postfix -c "$ETC" status >/dev/null 2>&1 || break; sleep 0.1; done
  echo "interop-teardown: Postfix stopped"
fi
if [ "${PURGE:-0}" = 1 ]; then rm -rf "$INTEROP_DIR"; echo "interop-teardown: $INTEROP_DIR removed"; fi
exit 0
