#!/usr/bin/env bash
# Starts the single-node stack in a throwaway home on spare ports, checks what a newcomer
# would check, and stops it again. Used by CI after the test suite; safe to run by hand.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export GRIDFAAS_HOME=$(mktemp -d /tmp/gridfaas-smoke.XXXXXX)
export GRIDFAAS_CONTAINER_MANAGER_PORT=${SMOKE_CM_PORT:-18080}
export GRIDFAAS_CREDIT_MANAGER_PORT=${SMOKE_CR_PORT:-18081}
export GRIDFAAS_OBJECT_STORE_PORT=${SMOKE_OS_PORT:-19000}
export GRIDFAAS_SECURITY_USERTOKENS_ALICE=smoke-alice-$(head -c 12 /dev/urandom | base64 | tr -d '/+=')
export GRIDFAAS_SECURITY_USERTOKENS_BOB=smoke-bob-$(head -c 12 /dev/urandom | base64 | tr -d '/+=')
cm=http://127.0.0.1:$GRIDFAAS_CONTAINER_MANAGER_PORT
cr=http://127.0.0.1:$GRIDFAAS_CREDIT_MANAGER_PORT

passed=0
failed=0
check() {
  local what=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "  ok    $what"; else failed=$((failed + 1)); echo "  FAIL  $what"; fi
}
status_of() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
cleanup() { "$here/deploy.sh" stop >/dev/null 2>&1; rm -rf "$GRIDFAAS_HOME"; }
trap cleanup EXIT

start_stack() { "$here/deploy.sh" start >"$GRIDFAAS_HOME.start.log" 2>&1; }
started=$SECONDS
check "deploy.sh start brings all three up healthy" start_stack
pids=$(cat "$GRIDFAAS_HOME"/run/*.pid 2>/dev/null)
check "... within 60 s (took $((SECONDS - started)) s)" test $((SECONDS - started)) -le 60
check "status lists three healthy processes" test "$("$here/deploy.sh" status | grep -c healthy)" -eq 3
metrics=$(cat "$GRIDFAAS_HOME/metrics.token")
check "ContainerManager serves Prometheus metrics to the metrics token" \
  test "$(status_of -H "Authorization: Bearer $metrics" "$cm/actuator/prometheus")" = 200
check "CreditManager serves Prometheus metrics to the metrics token" \
  test "$(status_of -H "Authorization: Bearer $metrics" "$cr/actuator/prometheus")" = 200
check "... and to nobody without it (401)" test "$(status_of "$cr/actuator/prometheus")" = 401
check "the home is private (0700 or 0710) and so are its logs and database (0600)" \
  bash -c "stat -c %a '$GRIDFAAS_HOME' | grep -qE '^7[01]0$' && ! find '$GRIDFAAS_HOME/logs' '$GRIDFAAS_HOME/data' -type f -perm /077 | grep -q ."
check "a call without a token gets 401 problem+json" \
  bash -c "curl -s -i '$cr/api/v1/me' | grep -q 'application/problem+json' && test \$(curl -s -o /dev/null -w '%{http_code}' '$cr/api/v1/me') = 401"
admin=$(cat "$GRIDFAAS_HOME/admin.token")
for user in alice bob; do
  curl -s -o /dev/null -X PUT -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d '{}' "$cr/api/v1/accounts/$user"
done
check "a user reads its own account" \
  test "$(status_of -H "Authorization: Bearer $GRIDFAAS_SECURITY_USERTOKENS_ALICE" "$cr/api/v1/accounts/alice")" = 200
check "a user token cannot read another user's account (403)" \
  test "$(status_of -H "Authorization: Bearer $GRIDFAAS_SECURITY_USERTOKENS_ALICE" "$cr/api/v1/accounts/bob")" = 403
check "no token appears in any log" bash -c "! grep -rqF -e '$admin' -e '$GRIDFAAS_SECURITY_USERTOKENS_ALICE' '$GRIDFAAS_HOME/logs'"

# Prometheus scrapes both services with deployment/prometheus's config (ports adjusted),
# where it is installed (CI installs it).
scraped_by_prometheus() {
  local conf=$GRIDFAAS_HOME/prometheus.yml port=${SMOKE_PROMETHEUS_PORT:-19090} deadline=$((SECONDS + 40)) pid ups
  sed -e "s/127.0.0.1:8080/127.0.0.1:$GRIDFAAS_CONTAINER_MANAGER_PORT/" \
      -e "s/127.0.0.1:8081/127.0.0.1:$GRIDFAAS_CREDIT_MANAGER_PORT/" \
      -e "s|credentials_file: .*|credentials_file: $GRIDFAAS_HOME/metrics.token|" \
      "$here/../prometheus/prometheus.yml" >"$conf"
  prometheus --config.file="$conf" --storage.tsdb.path="$GRIDFAAS_HOME/prometheus" \
    --web.listen-address="127.0.0.1:$port" >"$GRIDFAAS_HOME/logs/prometheus.log" 2>&1 &
  pid=$!
  while ((SECONDS < deadline)); do
    ups=$(curl -s "http://127.0.0.1:$port/api/v1/query?query=up" | grep -o '"value":\[[^]]*"1"\]' | wc -l)
    if ((ups == 2)); then kill "$pid"; wait "$pid" 2>/dev/null; return 0; fi
    sleep 1
  done
  kill "$pid"; wait "$pid" 2>/dev/null
  return 1
}
if command -v prometheus >/dev/null 2>&1; then
  check "Prometheus scrapes both services with deployment/prometheus/prometheus.yml" scraped_by_prometheus
else
  echo "  skip  Prometheus is not installed: the scrape check did not run"
fi
"$here/deploy.sh" stop >/dev/null
none_alive() { local pid; for pid in $pids; do ! kill -0 "$pid" 2>/dev/null || return 1; done; }
check "stop leaves none of its processes running" none_alive

if ((failed)); then
  echo "deploy.sh start output:"; cat "$GRIDFAAS_HOME.start.log"
  for log in "$GRIDFAAS_HOME"/logs/*.log; do echo "== $log"; tail -n 40 "$log"; done
fi
rm -f "$GRIDFAAS_HOME.start.log"
echo "smoke: $passed passed, $failed failed"
((failed == 0))
