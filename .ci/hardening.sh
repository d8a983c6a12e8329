#!/usr/bin/env bash
# Hardening steps of the CI pipeline (called by .ci/run after mvn -B verify; runnable alone):
#   1. fuzzing: each Jazzer @FuzzTest fuzzes for FUZZ_SECONDS (default 30) in JAZZER_FUZZ=1 mode,
#      one test per Maven run (Jazzer fuzzes one test per run). A finding fails the step, and Jazzer
#      writes the input into the test's inputs directory under src/test/resources: commit it there,
#      and the regression run of every `mvn verify` replays it from then on.
#   2. soak: proxy/src/test/.../it/SoakIT, SOAK_DURATION (ISO-8601, default PT10M) of steady load with
#      faults; heap after GC, file descriptors and threads must stay flat.
# Env: MAVEN_ARGS (as for .ci/run), FUZZ_SECONDS, SOAK_DURATION, SKIP_FUZZ=1, SKIP_SOAK=1.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck disable=SC2086 # MAVEN_ARGS is a list of flags
read -r -a maven_args <<< "${MAVEN_ARGS:-}"

fuzz_tests=(
  "org.smtpguard.policy.smtp.AuthExchangeFuzzTest"
  "org.smtpguard.proxy.codec.SmtpCommandDecoderFuzzTest"
  "org.smtpguard.proxy.codec.SmtpReplyDecoderFuzzTest"
  "org.smtpguard.proxy.codec.DataStreamDecoderFuzzTest"
  "org.smtpguard.proxy.session.ClientSessionFuzzTest"
)

if [ "${SKIP_FUZZ:-0}" != 1 ]; then
  for test in "${fuzz_tests[@]}"; do
    echo "== fuzzing ${test##*.} for ${FUZZ_SECONDS:-30}s"
    # -Dfuzz.only: only the fuzz-regression surefire execution runs (with -Dtest, the default one would
    # fuzz the same test a second time).
    JAZZER_FUZZ=1 mvn -B -q "${maven_args[@]}" -pl policy,proxy -am test -Dfuzz.only=true \
      -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.max_duration="${FUZZ_SECONDS:-30}s"
  done
fi

if [ "${SKIP_SOAK:-0}" != 1 ]; then
  echo "== soak test (SoakIT, ${SOAK_DURATION:-PT10M})"
  rm -f proxy/target/failsafe-reports/failsafe-summary.xml
  mvn -B "${maven_args[@]}" -pl proxy -am verify -Psoak -DskipTests -Dsoak.duration="${SOAK_DURATION:-PT10M}"
  grep -q "<completed>1</completed>" proxy/target/failsafe-reports/failsafe-summary.xml \
    || { echo "hardening: the soak test did not run" >&2; exit 1; }
fi
