#!/usr/bin/env bash
# A control node and three identical workers on one machine, through node.sh and env
# files as on real machines. Each worker runs in a network namespace of its own with its
# own address, on a bridge the test makes and removes; the object store is a real Ceph
# cluster (radosgw) on the bridge. It checks that
#   - CreditManager finds the workers without a list (heartbeats);
#   - 150 tasks of one function with maxReplicas 3 end in output/ exactly once, the work
#     spread over all three workers, no task ever on two workers at once (task records);
#   - a worker killed with kill -9 mid-run loses nothing: its tasks are taken over within
#     the lease plus a poll and finish elsewhere; back again, its usage is billed once;
#   - billing matches the workers' cgroup counters within 0.1 %;
#   - a user past the debt limit is stopped on every worker that runs its replicas.
# Used by CI; needs root (namespaces, cgroups), Ceph (deployment/ceph), curl, jq, python3.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib.sh
source "$here/../lib.sh"
for command in jq curl ip /usr/bin/python3; do
  command -v "$command" >/dev/null 2>&1 || { echo "loopback-test.sh: $command is needed" >&2; exit 2; }
done
[[ $(id -u) == 0 ]] || { echo "loopback-test.sh: needs root for network namespaces and cgroups" >&2; exit 2; }
id=$(head -c 2 /dev/urandom | od -An -tx1 | tr -d ' \n')
root=$(mktemp -d /tmp/gridfaas-multi.XXXXXX)
# Tasks run as unprivileged ids, which must reach the workers' work folders.
chmod 755 "$root"
subnet=10.$((0x${id:0:2} % 200 + 20)).$((0x${id:2:2})).
bridge=gfbr$id
control=${subnet}1
cr_port=${LOOPBACK_CR_PORT:-28181}
os_port=${LOOPBACK_OS_PORT:-28190}
cr=http://$control:$cr_port
workers=(w1 w2 w3)
address() { echo "${subnet}1${1#w}"; }
url() { echo "http://$(address "$1"):8080"; }
# nsenter, not ip netns exec: that remounts /sys, and with it the cgroups the workers need.
in_ns() { local node=$1; shift; nsenter --net="/run/netns/gf$id$node" "$@"; }

kill_cgroup_parent() {
  local parent=$1 hierarchy procs
  for hierarchy in cpu cpuacct memory pids; do
    [[ -d /sys/fs/cgroup/$hierarchy/$parent ]] || continue
    for procs in $(find "/sys/fs/cgroup/$hierarchy/$parent" -name cgroup.procs); do
      xargs -r kill -9 <"$procs" 2>/dev/null
    done
  done
  sleep 0.5
  for hierarchy in cpu cpuacct memory pids; do
    [[ -d /sys/fs/cgroup/$hierarchy/$parent ]] || continue
    find "/sys/fs/cgroup/$hierarchy/$parent" -depth -type d -exec rmdir {} \; 2>/dev/null
  done
}

cleanup() {
  for node in "${workers[@]}"; do
    in_ns "$node" "$here/node.sh" worker stop "$root/$node.env" >/dev/null 2>&1
    kill_cgroup_parent "gridfaas-loopback-$id-$node"
    kill_cgroup_parent "gridfaas-loopback-$id-$node-builds"
    ip netns del "gf$id$node" 2>/dev/null
  done
  "$here/node.sh" control stop "$root/control.env" >/dev/null 2>&1
  "$here/../ceph/loopback-radosgw.sh" stop "$root/ceph" >/dev/null 2>&1
  ip link del "$bridge" 2>/dev/null
  [[ -n ${LOOPBACK_KEEP:-} ]] && echo "kept $root" || rm -rf "$root"
}
trap cleanup EXIT

# The network: a bridge for the control node, a namespace and a veth for each worker.
ip link add "$bridge" type bridge && ip addr add "$control/24" dev "$bridge" && ip link set "$bridge" up ||
  { echo "loopback-test.sh: cannot make bridge $bridge" >&2; exit 1; }
for node in "${workers[@]}"; do
  ip netns add "gf$id$node"
  ip link add "gf$id$node" type veth peer name eth0 netns "gf$id$node"
  ip link set "gf$id$node" master "$bridge" up
  in_ns "$node" ip addr add "$(address "$node")/24" dev eth0
  in_ns "$node" ip link set eth0 up
  in_ns "$node" ip link set lo up
done

started=$SECONDS
read -r store access secret < <("$here/../ceph/loopback-radosgw.sh" start "$root/ceph" "$os_port" "$control" 2>"$root/ceph-start.log")
check "Ceph's radosgw serves S3 on the bridge ($((SECONDS - started)) s)" test -n "${store:-}"

mkdir -p "$root/control"
# An operator with Ceph puts its keys where deploy.sh keeps the store's credentials.
printf 'GRIDFAAS_OBJECTSTORE_ACCESSKEY=%s\nGRIDFAAS_OBJECTSTORE_SECRETKEY=%s\n' "$access" "$secret" >"$root/control/object-store.env"
chmod 600 "$root/control/object-store.env"
cat >"$root/control.env" <<ENV
GRIDFAAS_HOME=$root/control
CONTROL_ADDRESS=$control
GRIDFAAS_CREDIT_MANAGER_PORT=$cr_port
OBJECT_STORE_URL=$store
GRIDFAAS_METERING_PERIOD=1s
GRIDFAAS_METERING_SILENTAFTERPERIODS=3
GRIDFAAS_METERING_MINIMUMCHARGE=0.00000001
GRIDFAAS_METERING_VCORESECONDSPERGRC=10
GRIDFAAS_METERING_NOISETHRESHOLD=0s
ENV
for node in "${workers[@]}"; do
  # Workers sharing one machine need cgroup parents of their own; on real workers the
  # default is fine.
  cat >"$root/$node.env" <<ENV
GRIDFAAS_HOME=$root/$node
WORKER_ADDRESS=$(address "$node")
WORKER_NAME=$node
CREDIT_MANAGER_URL=$cr
OBJECT_STORE_URL=$store
GRIDFAAS_RUNTIME_CGROUPPARENT=gridfaas-loopback-$id-$node
GRIDFAAS_TASKS_POLLINTERVAL=200ms
GRIDFAAS_TASKS_FUNCTIONSREFRESH=1s
GRIDFAAS_TASKS_LEASEDURATION=5s
GRIDFAAS_NODE_HEARTBEAT=1s
GRIDFAAS_JAVA_OPTS=-Xmx256m
ENV
done

check "node.sh control start brings up CreditManager, the store being Ceph" \
  bash -c "'$here/node.sh' control start '$root/control.env' >'$root/control-start.log' 2>&1"
refused_without_secrets() {
  local out
  out=$(in_ns w1 "$here/node.sh" worker start "$root/w1.env" 2>&1) && return 1
  [[ $out == *"admin.token: copy it"* ]]
}
check "a worker without the control node's secrets is refused, with the reason" refused_without_secrets
for node in "${workers[@]}"; do
  mkdir -p "$root/$node"
  cp -p "$root/control/admin.token" "$root/control/object-store.env" "$root/$node/"
  check "node.sh worker start brings up $node in its namespace at $(address "$node")" \
    bash -c "nsenter --net=/run/netns/gf$id$node '$here/node.sh' worker start '$root/$node.env' >'$root/$node-start.log' 2>&1"
done

admin=$(cat "$root/control/admin.token")
api() { curl -s -m 10 -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' "$@"; }
registered() {
  local deadline=$((SECONDS + 20))
  while ((SECONDS < deadline)); do
    [[ $(api "$cr/api/v1/workers" | jq '[.[] | select(.silent | not)] | length') == 3 ]] && return 0
    sleep 0.5
  done
  api "$cr/api/v1/workers" >&2
  return 1
}
check "CreditManager finds the three workers by their heartbeats, with no list" registered

api -X PUT -d '{"policy":"GREEDY","maxDebt":-1}' "$cr/api/v1/accounts/alice" >/dev/null
api -X POST -H 'Idempotency-Key: loopback-alice' -d '{"amount":100000}' "$cr/api/v1/accounts/alice/deposits" >/dev/null
w1=$(url w1)
script='timeout 0.3 bash -c "while :; do :; done"; sleep 0.7; echo "$GRIDFAAS_TASK" > "$2/r.txt"'
api -X POST -d "$(jq -n --arg s "$script" '{name:"spread-fn",owner:"alice",script:$s,
  settings:{idleTimeoutSeconds:3,maxReplicas:3,maxConcurrentTasks:2,cpuMax:100}}')" "$w1/api/v1/functions" >/dev/null
sleep 2
for i in $(seq -w 1 150); do
  via=$(url "${workers[$((10#$i % 3))]}")
  api -X POST --data-binary "$i" "$via/api/v1/functions/spread-fn/tasks?name=t$i.txt" >/dev/null
done

# What is in one folder of the bucket, straight from the store (the signature wants the
# query encoded, and radosgw the payload unsigned).
keys() { curl -s -m 10 --aws-sigv4 aws:amz:us-east-1:s3 --user "$access:$secret" -H x-amz-content-sha256:UNSIGNED-PAYLOAD \
  "$store/spread-fn?list-type=2&prefix=${1%/}%2F" | grep -o '<Key>[^<]*</Key>' | wc -l; }
succeeded() { keys output/; }
# Once w3 ran its share, kill it mid-run: no shutdown, its JVM and its tasks gone at once.
killed_mid_run() {
  local deadline=$((SECONDS + 120))
  while ((SECONDS < deadline)); do
    if grep -q 'Started container spread-fn' "$root/w3/logs/container-manager.log" 2>/dev/null &&
      (($(succeeded) >= 30)) && [[ $(curl -s -m 5 -H "Authorization: Bearer $admin" "$(url w3)/api/v1/containers" | jq '.[0].runningTasks | length') -gt 0 ]]; then
        kill -9 "$(cat "$root/w3/run/container-manager.pid")"
        date -u +%s.%N >"$root/killed-at"
        return 0
    fi
    sleep 0.2
  done
  return 1
}
check "w3 killed with kill -9 while it runs tasks" killed_mid_run
all_done() {
  local deadline=$((SECONDS + 240)) done=0
  while ((SECONDS < deadline)); do
    done=$(succeeded)
    [[ $done == 150 ]] && return 0
    sleep 1
  done
  echo "    succeeded: $done of 150" >&2
  return 1
}
check "all 150 tasks succeed" all_done
api "$w1/api/v1/functions/spread-fn/tasks" >"$root/tasks.json"
settled() {
  local deadline=$((SECONDS + 15)) counts
  while ((SECONDS < deadline)); do
    counts="$(keys output/) $(keys processing/) $(keys failed/) $(keys leases/)"
    [[ $counts == "150 0 0 0" ]] && return 0
    sleep 0.5
  done
  echo "    output/, processing/, failed/, leases/: $counts" >&2
  return 1
}
check "output/ holds 150 tasks; processing/, failed/ and leases/ none" \
  settled
for node in "${workers[@]}"; do
  check "$node ran a replica" grep -q 'Started container spread-fn' "$root/$node/logs/container-manager.log"
done
history_check() {
  /usr/bin/python3 - "$root/tasks.json" "$(cat "$root/killed-at")" <<'PY'
import json, sys
from datetime import datetime
tasks = json.load(open(sys.argv[1])); killed = float(sys.argv[2])
at = lambda text: datetime.fromisoformat(text.replace('Z', '+00:00')).timestamp()
problems, taken, per_worker, worst = [], 0, {}, 0.0
for task in tasks:
    history = sorted(task['history'], key=lambda a: at(a['startedAt']))
    if [a['outcome'] for a in history].count('succeeded') != 1:
        problems.append(task['id'] + ': not exactly one successful attempt')
    for before, after in zip(history, history[1:]):
        if at(after['startedAt']) < at(before['endedAt']):
            problems.append(task['id'] + ': attempts overlap on ' + before['worker'] + ' and ' + after['worker'])
    for attempt in history:
        per_worker[attempt['worker']] = per_worker.get(attempt['worker'], 0) + (attempt['outcome'] == 'succeeded')
        if attempt['outcome'] == 'requeued':
            taken += 1
            worst = max(worst, at(attempt['endedAt']) - killed)
    if task['failures'] != 0:
        problems.append(task['id'] + ': counted a failure')
print('    successful attempts per worker: %s; %d taken over from w3, the last %.1f s after the kill'
      % (dict(sorted(per_worker.items())), taken, worst))
if taken == 0: problems.append('no task was taken over from w3')
if worst > 5 + 1.5: problems.append('a takeover came %.1f s after the kill: over the 5 s lease plus a poll' % worst)
if len(per_worker) != 3 or min(per_worker.values()) == 0: problems.append('not every worker ran tasks')
for problem in problems[:10]: print('    ' + problem, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
}
check "no task ran on two workers at once; w3's tasks were taken over within the lease and a poll, none failed" history_check

silent() { local deadline=$((SECONDS + 15)); while ((SECONDS < deadline)); do
  api "$cr/actuator/health" | jq -e '.components.workers.details.silent | index("w3")' >/dev/null && return 0; sleep 0.5; done; return 1; }
check "CreditManager's health names w3 silent" silent
check "w3 starts again and adopts what it left" \
  bash -c "nsenter --net=/run/netns/gf${id}w3 '$here/node.sh' worker start '$root/w3.env' >'$root/w3-restart.log' 2>&1"

stopped_cpu() { api "$1/api/v1/containers/stopped" | jq '[.[] | select(.owner == "alice") | .cpuSeconds] | add // 0'; }
billed_within() {
  local deadline=$((SECONDS + 60)) measured metered node running
  while ((SECONDS < deadline)); do
    running=0
    for node in "${workers[@]}"; do running=$((running + $(api "$(url "$node")/api/v1/containers" | jq length))); done
    if ((running == 0)); then
      measured=0
      for node in "${workers[@]}"; do measured=$(jq -n "$measured + $(stopped_cpu "$(url "$node")")"); done
      metered=$(api "$cr/api/v1/accounts/alice/usage" | jq .measuredCpuSeconds)
      if jq -e -n "$measured > 0 and (($measured - $metered) | fabs) <= 0.001 * $measured" >/dev/null; then
        echo "    CPU-seconds: the workers' cgroups $measured, billed by CreditManager $metered"
        return 0
      fi
    fi
    sleep 1
  done
  echo "    the workers' cgroups ${measured:-?}, billed ${metered:-?}" >&2
  for node in "${workers[@]}"; do
    echo "    $node stopped: $(api "$(url "$node")/api/v1/containers/stopped" | jq -c '[.[] | {function, instance, cpuSeconds, reason}]')" >&2
  done
  return 1
}
check "billing for the three workers matches their cgroup counters within 0.1 %" billed_within

# Enforcement reaches every replica: bob's busy tasks on all workers, until his money runs out.
api -X PUT -d '{"policy":"GREEDY","maxDebt":-0.5}' "$cr/api/v1/accounts/bob" >/dev/null
api -X POST -H 'Idempotency-Key: loopback-bob' -d '{"amount":1}' "$cr/api/v1/accounts/bob/deposits" >/dev/null
api -X POST -d "$(jq -n '{name:"bob-fn",owner:"bob",script:"timeout 60 bash -c \"while :; do :; done\"",
  settings:{idleTimeoutSeconds:30,maxReplicas:3,maxConcurrentTasks:1,cpuMax:100}}')" "$w1/api/v1/functions" >/dev/null
sleep 2
for i in 1 2 3 4 5 6; do api -X POST "$(url "${workers[$((i % 3))]}")/api/v1/functions/bob-fn/tasks?name=b$i.txt" >/dev/null; done
stopped_everywhere() {
  local deadline=$((SECONDS + 90)) node stopped=0 ran=0
  while ((SECONDS < deadline)); do
    stopped=0 ran=0
    for node in "${workers[@]}"; do
      grep -q 'Started container bob-fn' "$root/$node/logs/container-manager.log" && ran=$((ran + 1))
      [[ $(api "$(url "$node")/api/v1/containers/stopped" | jq '[.[] | select(.function == "bob-fn" and (.reason | test("debt")))] | length') -gt 0 ]] &&
        stopped=$((stopped + 1))
    done
    ((ran >= 2 && stopped == ran)) && { echo "    bob's replicas ran on $ran workers and were stopped on $stopped"; return 0; }
    sleep 1
  done
  echo "    bob's replicas ran on $ran workers, stopped over the debt limit on $stopped" >&2
  return 1
}
check "a user past the debt limit is stopped on every worker that runs his replicas" stopped_everywhere

pids=$(cat "$root"/{control,w1,w2,w3}/run/*.pid 2>/dev/null)
for node in "${workers[@]}"; do in_ns "$node" "$here/node.sh" worker stop "$root/$node.env" >/dev/null 2>&1; done
"$here/node.sh" control stop "$root/control.env" >/dev/null 2>&1
none_left() { local pid; for pid in $pids; do kill -0 "$pid" 2>/dev/null && return 1; done; return 0; }
check "stop leaves none of the $(echo $pids | wc -w) processes running" none_left

report "multi-node test (3 workers in namespaces, Ceph)"
