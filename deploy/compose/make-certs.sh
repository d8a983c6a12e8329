#!/usr/bin/env bash
# Makes the certificates of the compose example with openssl: a private CA (certs/ca.pem) and a
# certificate for mail.example.test signed by it (certs/mail.crt, certs/mail.key) for Postfix.
# Usage: ./make-certs.sh [DIRECTORY]   (default: certs beside this script)
set -euo pipefail

dir=${1:-"$(dirname "$0")/certs"}
mkdir -p "$dir"
cd "$dir"

openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 825 \
  -subj "/CN=smtpguard compose example CA" -keyout ca.key -out ca.pem \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -subj "/CN=mail.example.test" -keyout mail.key -out mail.csr 2>/dev/null
openssl x509 -req -in mail.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 397 -out mail.crt \
  -extfile <(printf 'subjectAltName=DNS:mail.example.test\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n') \
  2>/dev/null
rm -f mail.csr ca.srl
chmod 644 ca.pem mail.crt mail.key   # Postfix reads its key as root; ca.key stays private
chmod 600 ca.key
echo "make-certs: $(pwd)/ca.pem, mail.crt, mail.key"
