#!/usr/bin/env bash
# gridfaas on several machines: a control node runs the object store and CreditManager
# (with PostgreSQL and a Gridcoin node beside them in production), each worker node runs a
# ContainerManager serving its share of the functions.
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
    require WORKER_URLS
    export GRIDFAAS_COMPONENTS="object-store credit-manager"
    export GRIDFAAS_BIND_ADDRESS=$CONTROL_ADDRESS
    export GRIDFAAS_METERING_CONTAINERMANAGERS=$WORKER_URLS
    ;;
  worker)
    require WORKER_ADDRESS
    require CREDIT_MANAGER_URL
    require OBJECT_STORE_URL
    require GRIDFAAS_TASKS_SERVE
    export GRIDFAAS_COMPONENTS=container-manager
    export GRIDFAAS_BIND_ADDRESS=$WORKER_ADDRESS
    export GRIDFAAS_CREDITMANAGER_URL=$CREDIT_MANAGER_URL
    export GRIDFAAS_OBJECTSTORE_ENDPOINT=$OBJECT_STORE_URL
    ;;
esac
exec "$here/../single-node/deploy.sh" "$command"
