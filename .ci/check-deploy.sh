#!/usr/bin/env bash
# Checks the files under deploy/ with the real tools, from a clean clone:  bash .ci/check-deploy.sh
#   - deploy/prometheus/: `promtool check config` on the scrape config, `promtool check rules` on the
#     alert rules and `promtool test rules` on their unit tests (promtool: Debian package prometheus,
#     installed here if missing)
#   - deploy/grafana/*.json: each parses as JSON and uses only metric names smtpguard exports
#   - every YAML file under deploy/: yamllint (Debian package yamllint) with .ci/yamllint.yaml
#   - deploy/compose/: `docker-compose config` (Debian package docker-compose; needs no container
#     engine) and the certificates make-certs.sh makes, checked with `openssl verify`
# The Dockerfile is checked by DockerfileCommandIT (mvn verify). Every check is one function added to
# CHECKS below. Needs root or passwordless sudo only when a package must be installed.
set -euo pipefail

cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi
}

# need COMMAND PACKAGE: installs the Debian PACKAGE when COMMAND is not found.
need() {
  command -v "$1" >/dev/null && return 0
  echo "check-deploy: installing $2 (for $1)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$2" >/dev/null \
    || { as_root apt-get update >/dev/null && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$2" >/dev/null; }
  command -v "$1" >/dev/null || { echo "check-deploy: $1 still not found after installing $2" >&2; exit 1; }
}

check_prometheus() {
  need promtool prometheus
  promtool check config deploy/prometheus/prometheus.yml
  promtool check rules deploy/prometheus/smtpguard-alerts.yml
  (cd deploy/prometheus && promtool test rules smtpguard-alerts.test.yml)
}

# The metric names the rules and the dashboard use must be ones ProxyMetrics declares.
check_metric_names() {
  local declared used missing=0
  declared=$(grep -ho 'name("smtpguard_[a-z_]*")' proxy/src/main/java/org/smtpguard/proxy/metrics/ProxyMetrics.java \
    | sed 's/name("\(.*\)")/\1/' | sort -u)
  [ -n "$declared" ] || { echo "check-deploy: no metric declared in ProxyMetrics?" >&2; return 1; }
  used=$(grep -rhoE 'smtpguard_[a-z_]+' deploy/prometheus/smtpguard-alerts.yml deploy/grafana/ | sort -u)
  for name in $used; do
    local base=${name%_bucket}; base=${base%_count}; base=${base%_sum}
    if ! grep -qx "$base" <<< "$declared"; then
      echo "check-deploy: $name is used under deploy/ but not declared in ProxyMetrics" >&2
      missing=1
    fi
  done
  return $missing
}

check_grafana() {
  need python3 python3
  local file
  for file in deploy/grafana/*.json; do
    python3 -m json.tool "$file" >/dev/null || { echo "check-deploy: $file is not valid JSON" >&2; return 1; }
    echo "$file: valid JSON"
  done
}

# Every YAML file under deploy/ (Kubernetes manifests, compose, the image's config, Prometheus) passes
# yamllint with .ci/yamllint.yaml; warnings count as errors.
check_yaml() {
  need yamllint yamllint
  yamllint --strict -c .ci/yamllint.yaml deploy/
  echo "deploy/: $(find deploy -name '*.yaml' -o -name '*.yml' | wc -l) YAML files pass yamllint"
}

# The compose example is a Compose file docker-compose accepts (Debian's docker-compose reads and
# checks it without a container engine), and its make-certs.sh makes a CA and a Postfix certificate
# that verifies for mail.example.test.
check_compose() {
  need docker-compose docker-compose
  need openssl openssl
  (cd deploy/compose && docker-compose -f compose.yaml config -q)
  echo "deploy/compose/compose.yaml: valid"
  local dir
  dir=$(mktemp -d)
  bash deploy/compose/make-certs.sh "$dir" >/dev/null
  openssl verify -CAfile "$dir/ca.pem" "$dir/mail.crt"
  openssl x509 -in "$dir/mail.crt" -noout -checkhost mail.example.test | grep -q "does match" \
    || { echo "check-deploy: make-certs.sh made no certificate for mail.example.test" >&2; return 1; }
  rm -rf "$dir"
}

CHECKS=(check_prometheus check_grafana check_metric_names check_yaml check_compose)

for check in "${CHECKS[@]}"; do
  echo "== check-deploy: $check"
  "$check"
done
echo "check-deploy: PASS (${CHECKS[*]})"
