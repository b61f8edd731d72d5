#!/usr/bin/env bash
# gridfaas on one machine: the object store, CreditManager and ContainerManager as
# background processes with PID files and logs under $GRIDFAAS_HOME.
#
#   deploy.sh start     build what is missing, start what is not running, wait until healthy
#   deploy.sh stop      stop what this script started (by PID file), nothing else
#   deploy.sh status    what runs, with health
#   deploy.sh demo      the main job: build, start a demo stack (its own home, test-speed
#                       settings), run the stress experiment's three scenarios, write the
#                       report under experiments/results/, stop the stack, print where it is
#
# Settings for both services may be put in $GRIDFAAS_HOME/settings.env (NAME=value lines,
# e.g. GRIDFAAS_METERING_PERIOD=5s, read as data, never run); they are passed to the
# services at start. A component's log is logs/<component>.log, the previous run's
# logs/<component>.log.1. Two deploy.sh runs on one home wait for neither: the second is
# refused while the first holds the home's lock.
#
# Environment (all optional):
#   GRIDFAAS_HOME                  state folder (default: .gridfaas in the repository)
#   GRIDFAAS_CONTAINER_MANAGER_PORT  default 8080
#   GRIDFAAS_CREDIT_MANAGER_PORT     default 8081
#   GRIDFAAS_OBJECT_STORE_PORT       default 9000
#   GRIDFAAS_BIND_ADDRESS          the address the processes listen on (default 127.0.0.1)
#   GRIDFAAS_COMPONENTS            which to run here (default: object-store credit-manager
#                                  container-manager); deployment/multi-node/node.sh sets it
#   GRIDFAAS_OBJECTSTORE_ENDPOINT, GRIDFAAS_CREDITMANAGER_URL, GRIDFAAS_METERING_CONTAINERMANAGERS
#                                  where the services find each other (default: this machine)
#   GRIDFAAS_JAVA_OPTS             extra JVM options for the two services (default -Xmx512m)
#   JAVA                           the java executable (default: java on PATH)
#   GRIDFAAS_DEMO_TIME_SCALE       demo: scenario seconds per wall-clock second (default 10)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../lib.sh
source "$repo/deployment/lib.sh"
home=${GRIDFAAS_HOME:-$repo/.gridfaas}
mkdir -p "$home"
home=$(cd "$home" && pwd)
cm_port=${GRIDFAAS_CONTAINER_MANAGER_PORT:-8080}
cr_port=${GRIDFAAS_CREDIT_MANAGER_PORT:-8081}
os_port=${GRIDFAAS_OBJECT_STORE_PORT:-9000}
java_opts=${GRIDFAAS_JAVA_OPTS:--Xmx512m}
java=${JAVA:-java}
startup_timeout=60

address=${GRIDFAAS_BIND_ADDRESS:-127.0.0.1}
# Where this machine's own processes are reached for health checks.
[[ $address == 0.0.0.0 ]] && local_address=127.0.0.1 || local_address=$address
read -r -a components <<<"${GRIDFAAS_COMPONENTS:-object-store credit-manager container-manager}"
for component in "${components[@]}"; do
  case $component in
    object-store | credit-manager | container-manager) ;;
    *) echo "deploy.sh: unknown component '$component' in GRIDFAAS_COMPONENTS (object-store, credit-manager, container-manager)" >&2; exit 2 ;;
  esac
done
runs_here() { [[ " ${components[*]} " == *" $1 "* ]]; }

die() { echo "deploy.sh: $*" >&2; exit 1; }
say() { echo "$*"; }

pid_file() { echo "$home/run/$1.pid"; }
log_file() { echo "$home/logs/$1.log"; }

# The PID of a component we started, if that process still runs and is ours (the marker
# on its command line guards against a PID reused by an unrelated process).
running_pid() {
  local file pid
  file=$(pid_file "$1")
  [[ -f $file ]] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$(marker "$1")" || return 1
  echo "$pid"
}

# What the command line of our process for a component contains.
marker() {
  if [[ $1 == object-store ]] && command -v minio >/dev/null 2>&1; then
    echo "$home/data/objects"
  else
    echo "-Dgridfaas.component=$1 "
  fi
}

port_of() {
  case $1 in
    object-store) echo "$os_port" ;;
    credit-manager) echo "$cr_port" ;;
    container-manager) echo "$cm_port" ;;
  esac
}

port_taken() { (exec 3<>"/dev/tcp/$local_address/$1") 2>/dev/null; }

health_url() { echo "http://$local_address:$(port_of "$1")/actuator/health"; }

healthy() {
  if [[ $1 == object-store ]]; then
    port_taken "$os_port"
  else
    curl -fsS --max-time 2 "$(health_url "$1")" 2>/dev/null | grep -q '"status":"UP"'
  fi
}

require_java() {
  command -v "$java" >/dev/null 2>&1 \
    || die "Java was not found (looked for '$java'). Install a JDK 17 or newer (e.g. apt-get install -y openjdk-17-jdk) or set JAVA=/path/to/java."
  local version
  version=$("$java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
  [[ -n $version && $version -ge 17 ]] || die "Java 17 or newer is needed; '$java' is version ${version:-unknown}."
}

service_jar() { ls "$repo/$1/target/$1-"*.jar 2>/dev/null | grep -v -e '-plain.jar' -e '-sources.jar' | head -1; }

s3proxy_version() { sed -n 's:.*<s3proxy.version>\(.*\)</s3proxy.version>.*:\1:p' "$repo/pom.xml" | head -1; }

build_if_missing() {
  if [[ -z $(service_jar container-manager) || -z $(service_jar credit-manager) ]]; then
    say "Building the services (first start; takes a few minutes)..."
    (cd "$repo" && ./mvnw -B -q -DskipTests package) || die "The build failed; run ./mvnw -B verify to see why."
  fi
  if runs_here object-store && ! command -v minio >/dev/null 2>&1 && [[ ! -f $home/lib/s3proxy.jar ]]; then
    say "Fetching S3Proxy $(s3proxy_version) from Maven Central..."
    (cd "$repo" && ./mvnw -B -q dependency:copy \
      -Dartifact="org.gaul:s3proxy:$(s3proxy_version):jar:jar-with-dependencies" \
      -DoutputDirectory="$home/lib" -Dmdep.stripVersion=true -Dmdep.stripClassifier=true) \
      || die "Could not fetch S3Proxy."
  fi
}

# Secrets are generated once, readable by their owner only, and never printed.
ensure_secrets() {
  umask 077
  # A node without CreditManager (a worker) must share the control node's secrets.
  if ! runs_here credit-manager && [[ ! -s $home/admin.token ]]; then
    die "No $home/admin.token: copy it (and object-store.env) from the control node's home; see deployment/multi-node/README.md."
  fi
  if ! runs_here object-store && [[ ! -s $home/object-store.env ]]; then
    die "No $home/object-store.env: copy it from the control node's home; see deployment/multi-node/README.md."
  fi
  [[ -s $home/admin.token ]] || { random_secret >"$home/admin.token"; echo >>"$home/admin.token"; say "Generated the admin token into $home/admin.token"; }
  # Prometheus scrapes with this one; it opens /actuator/prometheus and nothing else.
  [[ -s $home/metrics.token ]] || { random_secret >"$home/metrics.token"; echo >>"$home/metrics.token"; }
  if [[ ! -s $home/object-store.env ]]; then
    {
      echo "GRIDFAAS_OBJECTSTORE_ACCESSKEY=gridfaas"
      echo "GRIDFAAS_OBJECTSTORE_SECRETKEY=$(random_secret)"
    } >"$home/object-store.env"
  fi
  umask 022
}

launch() {
  local name=$1; shift
  local log pid deadline=$((SECONDS + 10))
  log=$(log_file "$name")
  # The previous run's log is kept, so a crash can still be read after a restart.
  [[ -s $log ]] && mv -f "$log" "$log.1"
  # Private from the start: the logs, the database and the usage log are the
  # platform's, never the tasks' or other local users'.
  (umask 077; : >"$log")
  # The home's lock (fd 9) stays with this script, not with the component.
  (umask 077; exec 9>&-; exec setsid nohup "$@" >>"$log" 2>&1 </dev/null) &
  pid=$!
  echo "$pid" >"$(pid_file "$name")"
  # Until the fork has exec'd, its command line is this script's: wait for the
  # component's own before anyone asks whether it runs.
  while kill -0 "$pid" 2>/dev/null && ! running_pid "$name" >/dev/null; do
    ((SECONDS < deadline)) || break
    sleep 0.05
  done
}

start_component() {
  local name=$1 pid port
  if pid=$(running_pid "$name"); then
    say "  $name already runs (pid $pid)"
    return 0
  fi
  port=$(port_of "$name")
  load_env "$home/object-store.env" || die "$home/object-store.env is not NAME=value lines."
  case $name in
    object-store)
      mkdir -p "$home/data/objects"
      if command -v minio >/dev/null 2>&1; then
        MINIO_ROOT_USER=$GRIDFAAS_OBJECTSTORE_ACCESSKEY MINIO_ROOT_PASSWORD=$GRIDFAAS_OBJECTSTORE_SECRETKEY \
          launch "$name" minio server "$home/data/objects" --address "$address:$port" --quiet
      else
        local conf="$home/object-store.conf"
        ( umask 077; cat >"$conf" <<CONF
s3proxy.endpoint=http://$address:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$GRIDFAAS_OBJECTSTORE_ACCESSKEY
s3proxy.credential=$GRIDFAAS_OBJECTSTORE_SECRETKEY
jclouds.provider=filesystem
jclouds.filesystem.basedir=$home/data/objects
CONF
        )
        launch "$name" "$java" -Dgridfaas.component="$name" -Xmx256m \
          -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener -jar "$home/lib/s3proxy.jar" --properties "$conf"
      fi
      ;;
    credit-manager | container-manager)
      if [[ -f $home/settings.env ]]; then
        load_env "$home/settings.env" || die "$home/settings.env is not NAME=value lines."
      fi
      # shellcheck disable=SC2086
      GRIDFAAS_HOME=$home SERVER_PORT=$port SERVER_ADDRESS=$address \
        GRIDFAAS_OBJECTSTORE_ENDPOINT="${GRIDFAAS_OBJECTSTORE_ENDPOINT:-http://$local_address:$os_port}" \
        GRIDFAAS_CREDITMANAGER_URL="${GRIDFAAS_CREDITMANAGER_URL:-http://$local_address:$cr_port}" \
        GRIDFAAS_METERING_CONTAINERMANAGERS="${GRIDFAAS_METERING_CONTAINERMANAGERS-http://$local_address:$cm_port}" \
        launch "$name" "$java" -Dgridfaas.component="$name" $java_opts -jar "$(service_jar "$name")"
      ;;
  esac
  say "  $name starting (pid $(<"$(pid_file "$name")"), log $(log_file "$name"))"
}

await_healthy() {
  local name=$1 deadline=$((SECONDS + startup_timeout))
  while ! healthy "$name"; do
    if ! running_pid "$name" >/dev/null; then
      echo "  $name exited; the end of its log:" >&2
      tail -n 30 "$(log_file "$name")" >&2
      die "$name did not start."
    fi
    ((SECONDS < deadline)) || die "$name was not healthy within ${startup_timeout}s; see $(log_file "$name")"
    sleep 0.5
  done
  say "  $name is up"
}

# Every port a component that is not running yet will need must be free before anything starts.
check_ports() {
  local name port holder
  for name in "${components[@]}"; do
    running_pid "$name" >/dev/null && continue
    port=$(port_of "$name")
    if port_taken "$port"; then
      holder=$(ss -ltnpH "sport = :$port" 2>/dev/null | sed -n 's/.*users:((\("[^"]*",pid=[0-9]*\).*/\1/p' | head -1)
      die "Port $port, needed by $name, is taken by another process${holder:+ ($holder)}. Stop it or choose another port (see the top of this script)."
    fi
  done
}

cmd_start() {
  require_java
  command -v curl >/dev/null 2>&1 || die "curl is needed for health checks (apt-get install -y curl)."
  check_ports
  mkdir -p "$home/run" "$home/logs" "$home/lib"
  build_if_missing
  ensure_secrets
  local started=$SECONDS name
  say "Starting gridfaas in $home"
  for name in "${components[@]}"; do
    start_component "$name"
    await_healthy "$name"
  done
  say "All healthy in $((SECONDS - started))s."
  if ((${#components[@]} < 3)); then
    for name in "${components[@]}"; do
      say "  $name: http://$local_address:$(port_of "$name")"
    done
    say "Stop with: $0 stop"
    return 0
  fi
  cat <<INFO

  ContainerManager  http://127.0.0.1:$cm_port/api/v1   health: http://127.0.0.1:$cm_port/actuator/health
  CreditManager     http://127.0.0.1:$cr_port/api/v1   health: http://127.0.0.1:$cr_port/actuator/health
  Object store (S3) http://127.0.0.1:$os_port          credentials: $home/object-store.env
  Prometheus        http://127.0.0.1:$cm_port/actuator/prometheus, http://127.0.0.1:$cr_port/actuator/prometheus
  Logs              $home/logs/

Try it:
  TOKEN=\$(cat $home/admin.token)
  curl -s -H "Authorization: Bearer \$TOKEN" http://127.0.0.1:$cr_port/api/v1/me
  curl -s -X PUT -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
       -d '{"policy":"GREEDY","maxDebt":-0.5}' http://127.0.0.1:$cr_port/api/v1/accounts/alice
  curl -s -H "Authorization: Bearer \$TOKEN" http://127.0.0.1:$cr_port/api/v1/accounts/alice

Stop with: $0 stop
INFO
}

cmd_stop() {
  local name pid any=0 i
  for ((i = ${#components[@]} - 1; i >= 0; i--)); do
    name=${components[$i]}
    if pid=$(running_pid "$name"); then
      any=1
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 40); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
      done
      if kill -0 "$pid" 2>/dev/null; then
        kill -9 "$pid" 2>/dev/null || true
        say "  $name (pid $pid) did not stop in 20s; killed"
      else
        say "  $name (pid $pid) stopped"
      fi
    fi
    rm -f "$(pid_file "$name")"
  done
  ((any)) || say "Nothing was running."
}

cmd_status() {
  local name pid state any=0
  for name in "${components[@]}"; do
    if pid=$(running_pid "$name"); then
      any=1
      if healthy "$name"; then state=healthy; else state="running, not healthy"; fi
      printf '  %-18s pid %-7s port %-5s %s\n' "$name" "$pid" "$(port_of "$name")" "$state"
    else
      printf '  %-18s stopped\n' "$name"
    fi
  done
  ((any)) || return 3
}

stop_demo() {
  say "Stopping the demo stack..."
  GRIDFAAS_HOME=$demo_home "$0" stop >/dev/null || true
}

experiments_jar() { ls "$repo"/experiments/target/gridfaas-experiments-*-exec.jar 2>/dev/null | head -1; }

# The demo runs in a home of its own, so that its test-speed settings never reach the
# stack `start` runs; both use the same ports, so only one of them can run at a time.
cmd_demo() {
  local scale=${GRIDFAAS_DEMO_TIME_SCALE:-10} name out status=0
  demo_home=$home/demo
  [[ $scale =~ ^[0-9]+([.][0-9]+)?$ ]] && awk -v s="$scale" 'BEGIN { exit !(s > 0) }' \
    || die "GRIDFAAS_DEMO_TIME_SCALE must be a positive number, not '$scale'."
  for name in "${components[@]}"; do
    running_pid "$name" >/dev/null && die "gridfaas already runs from $home ($name); stop it first: $0 stop"
  done
  require_java
  if [[ -z $(experiments_jar) ]]; then
    say "Building gridfaas (first run; takes a few minutes)..."
    (cd "$repo" && ./mvnw -B -q -DskipTests package) || die "The build failed; run ./mvnw -B verify to see why."
  fi
  # The scenarios are written for the seed's time line; at time scale N everything the
  # platform does on a clock runs N times faster, and CPU is priced N times higher, so the
  # money moves as in the seed.
  scaled() { awk -v s="$scale" -v v="$1" -v f="$2" 'BEGIN { printf f, v / s }'; }
  mkdir -p "$demo_home"
  cat >"$demo_home/settings.env" <<SETTINGS
# Written by deploy.sh demo at time scale $scale.
GRIDFAAS_METERING_PERIOD=$(scaled 10000 %dms)
GRIDFAAS_METERING_VCORESECONDSPERGRC=$(scaled 300 %.8f)
GRIDFAAS_METERING_NOISETHRESHOLD=$(scaled 1000 %dms)
GRIDFAAS_SCALING_WINDOW=$(scaled 10000 %dms)
GRIDFAAS_SCALING_EVENTLIFETIME=$(scaled 100000 %dms)
GRIDFAAS_TASKS_POLLINTERVAL=200ms
GRIDFAAS_CREDITMANAGER_CACHEFOR=0s
SETTINGS
  out=$repo/experiments/results/$(date +%Y-%m-%dT%H-%M-%S)
  # A demo stack left running (an interrupted run) has the settings of its time scale.
  GRIDFAAS_HOME=$demo_home "$0" stop >/dev/null || true
  say "Starting the demo stack in $demo_home (logs in $demo_home/logs/)..."
  trap 'stop_demo; exit 130' INT TERM
  GRIDFAAS_HOME=$demo_home "$0" start >/dev/null || { stop_demo; die "The demo stack did not start; see $demo_home/logs/"; }
  (cd "$repo" && "$java" -jar "$(experiments_jar)" --time-scale "$scale" \
    --token-file "$demo_home/admin.token" --out "$out") || status=$?
  trap - INT TERM
  stop_demo
  if [[ -f $out/summary.md ]]; then
    say ""
    say "Report: $out/summary.md"
    say "Plots:  $out/<scenario>/cpu.png, funds.png, tasks.png (raw series in series.csv)"
  fi
  return "$status"
}

# One start, stop or demo at a time per home: two at once would race for the PID files
# and the ports.
lock_home() {
  mkdir -p "$home/run"
  exec 9>"$home/run/deploy.lock"
  flock -n 9 || die "another deploy.sh start, stop or demo is running on $home; wait for it to finish."
}

case ${1:-} in
  start | stop | demo) lock_home ;;
esac
case ${1:-} in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  demo) cmd_demo ;;
  *) echo "usage: $0 start|stop|status|demo" >&2; exit 2 ;;
esac
