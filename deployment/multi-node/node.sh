#!/usr/bin/env bash
# gridfaas on several machines: a control node runs CreditManager (with PostgreSQL and a
# Gridcoin node beside it in production) and, unless the store is elsewhere (MinIO, Ceph),
# the object store; N identical worker nodes each run a ContainerManager. Any worker runs
# any function: task leases in the store keep each task to one worker.
#
#   node.sh control start|stop|status [env file]   (default: control.env beside this script)
#   node.sh worker  start|stop|status [env file]   (default: worker.env beside this script)
#
# The env files say where everything is; start from control.env.example and
# worker.env.example. Processes, PID files and logs are handled by
# deployment/single-node/deploy.sh, which this script calls with the node's components.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
die() { echo "node.sh: $*" >&2; exit 2; }

[[ $# -ge 2 ]] || die "usage: $0 control|worker start|stop|status [env file]"
role=$1 command=$2 env_file=${3:-$here/$1.env}
[[ $role == control || $role == worker ]] || die "the role is control or worker, not '$role'"
[[ $command == start || $command == stop || $command == status ]] || die "the command is start, stop or status, not '$command'"
[[ -f $env_file ]] || die "no $env_file: copy $here/$role.env.example to it and fill in the addresses"

# shellcheck source=../lib.sh
source "$here/../lib.sh"
load_env "$env_file" || die "$env_file is not NAME=value lines"
require() { [[ -n ${!1:-} ]] || die "$env_file does not set $1"; }

case $role in
  control)
    require CONTROL_ADDRESS
    # With the store elsewhere (MinIO, Ceph), this node runs CreditManager only.
    if [[ -n ${OBJECT_STORE_URL:-} ]]; then
      export GRIDFAAS_COMPONENTS=credit-manager
    else
      export GRIDFAAS_COMPONENTS="object-store credit-manager"
    fi
    export GRIDFAAS_BIND_ADDRESS=$CONTROL_ADDRESS
    # Workers register by heartbeat; WORKER_URLS is an optional seed list.
    export GRIDFAAS_METERING_CONTAINERMANAGERS=${WORKER_URLS:-}
    ;;
  worker)
    require WORKER_ADDRESS
    require CREDIT_MANAGER_URL
    require OBJECT_STORE_URL
    export GRIDFAAS_COMPONENTS=container-manager
    export GRIDFAAS_BIND_ADDRESS=$WORKER_ADDRESS
    export GRIDFAAS_CREDITMANAGER_URL=$CREDIT_MANAGER_URL
    export GRIDFAAS_OBJECTSTORE_ENDPOINT=$OBJECT_STORE_URL
    port=${GRIDFAAS_CONTAINER_MANAGER_PORT:-8080}
    # What the worker tells CreditManager in its heartbeats.
    export GRIDFAAS_NODE_URL=${GRIDFAAS_NODE_URL:-http://$WORKER_ADDRESS:$port}
    export GRIDFAAS_NODE_NAME=${WORKER_NAME:-$(hostname -s)-$WORKER_ADDRESS-$port}
    ;;
esac
exec "$here/../single-node/deploy.sh" "$command"
