#!/usr/bin/env bash
# Starts the single-node stack in a throwaway home on spare ports, checks what a newcomer
# would check, and stops it again. Used by CI after the test suite; safe to run by hand.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib.sh
source "$here/../lib.sh"
export GRIDFAAS_HOME=$(mktemp -d /tmp/gridfaas-smoke.XXXXXX)
export GRIDFAAS_CONTAINER_MANAGER_PORT=${SMOKE_CM_PORT:-18080}
export GRIDFAAS_CREDIT_MANAGER_PORT=${SMOKE_CR_PORT:-18081}
export GRIDFAAS_OBJECT_STORE_PORT=${SMOKE_OS_PORT:-19000}
export GRIDFAAS_SECURITY_USERTOKENS_ALICE=smoke-alice-$(random_secret)
export GRIDFAAS_SECURITY_USERTOKENS_BOB=smoke-bob-$(random_secret)
cm=http://127.0.0.1:$GRIDFAAS_CONTAINER_MANAGER_PORT
cr=http://127.0.0.1:$GRIDFAAS_CREDIT_MANAGER_PORT

status_of() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
cleanup() { "$here/deploy.sh" stop >/dev/null 2>&1; rm -rf "$GRIDFAAS_HOME"; }
trap cleanup EXIT

# A settings file is data: this line must reach the services as text, never run.
printf '%s\n' '# comment' 'GRIDFAAS_SMOKE_PROBE=$(touch '"$GRIDFAAS_HOME"'/ran) `touch '"$GRIDFAAS_HOME"'/ran`' >"$GRIDFAAS_HOME/settings.env"
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
check "settings.env is read as NAME=value lines, never run as shell" test ! -e "$GRIDFAAS_HOME/ran"
refused_while_locked() {
  local out
  flock "$GRIDFAAS_HOME/run/deploy.lock" sleep 3 &
  sleep 0.5
  out=$("$here/deploy.sh" stop 2>&1) && return 1
  wait
  grep -q "another deploy.sh" <<<"$out"
}
check "a stop while another deploy.sh holds the home's lock is refused, with the reason" refused_while_locked
restart_keeps_log() {
  # S3Proxy is quiet: a line of our own marks its first run's log.
  local log=$GRIDFAAS_HOME/logs/object-store.log
  echo "smoke: the first run" >>"$log"
  GRIDFAAS_COMPONENTS=object-store "$here/deploy.sh" stop >/dev/null 2>&1 || return 1
  GRIDFAAS_COMPONENTS=object-store "$here/deploy.sh" start >/dev/null 2>&1 || return 1
  grep -q "smoke: the first run" "$log.1" && ! grep -q "smoke: the first run" "$log"
}
check "a restart keeps the previous run's log as .1" restart_keeps_log
pids=$(cat "$GRIDFAAS_HOME"/run/*.pid 2>/dev/null)
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
report smoke
