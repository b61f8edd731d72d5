#!/usr/bin/env bash
# A control node and two workers on this machine's loopback, through node.sh and env
# files as on real machines: every task runs exactly once, on the worker that serves its
# function, and CreditManager bills what both workers measured, to the nanosecond. Used
# by CI; safe to run by hand (spare ports, throwaway homes). Needs root (the local
# runtime's cgroups), curl and jq.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib.sh
source "$here/../lib.sh"
command -v jq >/dev/null 2>&1 || { echo "loopback-test.sh: jq is needed (apt-get install -y jq)" >&2; exit 2; }
root=$(mktemp -d /tmp/gridfaas-multi.XXXXXX)
# Tasks run as nobody, who must reach the workers' work folders.
chmod 755 "$root"
cr_port=${LOOPBACK_CR_PORT:-28181}
os_port=${LOOPBACK_OS_PORT:-29100}
w1_port=${LOOPBACK_W1_PORT:-28180}
w2_port=${LOOPBACK_W2_PORT:-28182}
cr=http://127.0.0.1:$cr_port
w1=http://127.0.0.1:$w1_port
w2=http://127.0.0.1:$w2_port

cleanup() {
  for node in w1 w2; do "$here/node.sh" worker stop "$root/$node.env" >/dev/null 2>&1; done
  "$here/node.sh" control stop "$root/control.env" >/dev/null 2>&1
  # The workers' cgroup parents, empty once their containers stopped.
  rmdir /sys/fs/cgroup/{cpu,cpuacct}/gridfaas-loopback-w{1,2} 2>/dev/null
  [[ -n ${LOOPBACK_KEEP:-} ]] && echo "kept $root" || rm -rf "$root"
}
trap cleanup EXIT

cat >"$root/control.env" <<ENV
GRIDFAAS_HOME=$root/control
CONTROL_ADDRESS=127.0.0.1
GRIDFAAS_CREDIT_MANAGER_PORT=$cr_port
GRIDFAAS_OBJECT_STORE_PORT=$os_port
WORKER_URLS=$w1,$w2
GRIDFAAS_METERING_PERIOD=1s
ENV
for node in w1 w2; do
  port=$w1_port serve='left-*'
  [[ $node == w2 ]] && port=$w2_port serve='right-*'
  # Two workers on one machine need cgroup parents of their own; on real workers the
  # default is fine.
  cat >"$root/$node.env" <<ENV
GRIDFAAS_HOME=$root/$node
WORKER_ADDRESS=127.0.0.1
GRIDFAAS_CONTAINER_MANAGER_PORT=$port
CREDIT_MANAGER_URL=$cr
OBJECT_STORE_URL=http://127.0.0.1:$os_port
GRIDFAAS_TASKS_SERVE=$serve
GRIDFAAS_RUNTIME_CGROUPPARENT=gridfaas-loopback-$node
GRIDFAAS_TASKS_POLLINTERVAL=200ms
ENV
done

check "node.sh control start brings up the object store and CreditManager" \
  bash -c "'$here/node.sh' control start '$root/control.env' >'$root/control-start.log' 2>&1"
refused_without_secrets() {
  local out
  out=$("$here/node.sh" worker start "$root/w1.env" 2>&1) && return 1
  [[ $out == *"admin.token: copy it"* ]]
}
check "a worker without the control node's secrets is refused, with the reason" refused_without_secrets
for node in w1 w2; do
  mkdir -p "$root/$node"
  cp -p "$root/control/admin.token" "$root/control/object-store.env" "$root/$node/"
  check "node.sh worker start brings up $node's ContainerManager" \
    bash -c "'$here/node.sh' worker start '$root/$node.env' >'$root/$node-start.log' 2>&1"
done

admin=$(cat "$root/control/admin.token")
api() { curl -s -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' "$@"; }
api -X PUT -d '{"policy":"GREEDY"}' "$cr/api/v1/accounts/alice" >/dev/null
api -X POST -H 'Idempotency-Key: loopback-1' -d '{"amount":10}' "$cr/api/v1/accounts/alice/deposits" >/dev/null
script='timeout 0.2 bash -c "while :; do :; done"; echo ran'
api -X POST -d "$(jq -n --arg s "$script" '{name:"left-fn",owner:"alice",script:$s,settings:{idleTimeoutSeconds:2}}')" \
  "$w1/api/v1/functions" >/dev/null
api -X POST -d "$(jq -n --arg s "$script" '{name:"right-fn",owner:"alice",script:$s,settings:{idleTimeoutSeconds:2}}')" \
  "$w2/api/v1/functions" >/dev/null
# Each node learns of the other's function from the store.
sleep 3
# Submitted through either worker: the one that serves the function runs it.
for i in $(seq 1 10); do
  for fn in left-fn right-fn; do
    [[ $((i % 2)) == 0 ]] && via=$w1 || via=$w2
    api -X POST "$via/api/v1/functions/$fn/tasks?name=t$i.txt" >/dev/null
  done
done
all_done() {
  local deadline=$((SECONDS + 90)) left right
  while ((SECONDS < deadline)); do
    left=$(api "$w1/api/v1/functions/left-fn/tasks?state=succeeded" | jq length)
    right=$(api "$w1/api/v1/functions/right-fn/tasks?state=succeeded" | jq length)
    [[ $left == 10 && $right == 10 ]] && return 0
    sleep 1
  done
  echo "    succeeded: left-fn $left, right-fn $right" >&2
  return 1
}
check "all 20 tasks succeed" all_done
check "each ran exactly once (attempt 1)" \
  test "$(api "$w2/api/v1/functions/left-fn/tasks" | jq '[.[] | select(.attempts != 1)] | length')$(api "$w1/api/v1/functions/right-fn/tasks" | jq '[.[] | select(.attempts != 1)] | length')" = 00
check "left-fn ran on w1 only" bash -c "grep -q 'Started container left-fn' '$root/w1/logs/container-manager.log' && ! grep -q 'Started container right-fn' '$root/w1/logs/container-manager.log'"
check "right-fn ran on w2 only" bash -c "grep -q 'Started container right-fn' '$root/w2/logs/container-manager.log' && ! grep -q 'Started container left-fn' '$root/w2/logs/container-manager.log'"

stopped_cpu() { api "$1/api/v1/containers/stopped" | jq '[.[].cpuSeconds] | add // 0'; }
billed_everything() {
  local deadline=$((SECONDS + 30)) measured metered
  while ((SECONDS < deadline)); do
    if [[ $(api "$w1/api/v1/containers" | jq length) == 0 && $(api "$w2/api/v1/containers" | jq length) == 0 ]]; then
      measured=$(jq -n "$(stopped_cpu "$w1") + $(stopped_cpu "$w2")")
      metered=$(api "$cr/api/v1/accounts/alice/usage" | jq .measuredCpuSeconds)
      if jq -e -n "$measured > 0 and ($measured - $metered | fabs) < 0.000000001" >/dev/null; then
        echo "    CPU-seconds: measured on the workers $measured, metered by CreditManager $metered"
        return 0
      fi
    fi
    sleep 1
  done
  echo "    measured on the workers ${measured:-?}, metered ${metered:-?}" >&2
  return 1
}
check "CreditManager meters what both workers measured" billed_everything

pids=$(cat "$root"/*/run/*.pid)
for node in w1 w2; do "$here/node.sh" worker stop "$root/$node.env" >/dev/null 2>&1; done
"$here/node.sh" control stop "$root/control.env" >/dev/null 2>&1
none_left() { local pid; for pid in $pids; do kill -0 "$pid" 2>/dev/null && return 1; done; return 0; }
check "stop leaves none of the $(echo $pids | wc -w) processes running" none_left

report "multi-node loopback test"
