#!/usr/bin/env bash
# A Gridcoin node for CreditManager's wallet: install, configure, start, stop, status.
#
#   gridcoin-server.sh install      install gridcoinresearchd (Gridcoin's apt repository on Ubuntu/Debian)
#   gridcoin-server.sh configure    write gridcoinresearch.conf: RPC on loopback only, fresh credentials
#   gridcoin-server.sh start|stop|status
#
# Environment:
#   GRIDCOIN_DATADIR   the node's data folder (default ~/.GridcoinResearch)
#   GRIDCOIN_TESTNET   1 for testnet (RPC port 25715; mainnet 15715)
#
# The RPC credentials go to $GRIDCOIN_DATADIR/gridfaas-rpc.env (mode 600), which
# CreditManager reads through GRIDFAAS_WALLET_GRIDCOIN_USER and _PASSWORD; they are never
# printed. A node takes hours to sync; CreditManager credits nothing before it has.
set -euo pipefail

datadir=${GRIDCOIN_DATADIR:-$HOME/.GridcoinResearch}
testnet=${GRIDCOIN_TESTNET:-0}
if [[ $testnet == 1 ]]; then port=25715; else port=15715; fi
conf=$datadir/gridcoinresearch.conf
envfile=$datadir/gridfaas-rpc.env

die() { echo "gridcoin-server: $*" >&2; exit 1; }

install_node() {
  if command -v gridcoinresearchd >/dev/null 2>&1; then
    echo "gridcoinresearchd is installed: $(command -v gridcoinresearchd)"
    return
  fi
  [[ $(id -u) == 0 ]] || die "install needs root (apt-get)"
  # Gridcoin publishes Ubuntu packages in its PPA; Debian can use the matching Ubuntu
  # release's packages or build from https://github.com/gridcoin-community/Gridcoin-Research.
  if command -v add-apt-repository >/dev/null 2>&1; then
    add-apt-repository -y ppa:gridcoin/gridcoin-stable
    apt-get update
    apt-get install -y gridcoinresearchd
  else
    die "no add-apt-repository here: install gridcoinresearchd from Gridcoin's releases (see deployment/gridcoin/README.md)"
  fi
}

configure() {
  mkdir -p "$datadir"
  [[ -e $conf ]] && die "$conf exists; remove it first to write a new one"
  local user password
  user=gridfaas
  password=$(head -c 32 /dev/urandom | base64 | tr -d '/+=' | head -c 40)
  umask 077
  cat >"$conf" <<CONF
# Written by gridfaas deployment/gridcoin/gridcoin-server.sh
server=1
daemon=1
testnet=$testnet
# RPC on loopback only: CreditManager runs on this machine (use an SSH tunnel otherwise).
rpcbind=127.0.0.1
rpcallowip=127.0.0.1
rpcport=$port
rpcuser=$user
rpcpassword=$password
# Balances live in gridfaas's ledger; the node's deprecated accounts are not used.
CONF
  cat >"$envfile" <<ENV
GRIDFAAS_WALLET_KIND=gridcoin
GRIDFAAS_WALLET_GRIDCOIN_URL=http://127.0.0.1:$port
GRIDFAAS_WALLET_GRIDCOIN_USER=$user
GRIDFAAS_WALLET_GRIDCOIN_PASSWORD=$password
ENV
  echo "wrote $conf and $envfile (mode 600); RPC on 127.0.0.1:$port"
}

start() {
  command -v gridcoinresearchd >/dev/null 2>&1 || die "gridcoinresearchd is not installed (gridcoin-server.sh install)"
  [[ -e $conf ]] || die "no $conf (gridcoin-server.sh configure)"
  gridcoinresearchd -datadir="$datadir" -conf="$conf" -daemon
  echo "started; follow the sync with: $(dirname "$0")/gridcoin-run.sh getblockcount"
}

stop() {
  "$(dirname "$0")/gridcoin-run.sh" stop >/dev/null && echo "stopping"
}

status() {
  "$(dirname "$0")/gridcoin-run.sh" getblockcount
}

case ${1:-} in
  install) install_node ;;
  configure) configure ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: gridcoin-server.sh install|configure|start|stop|status" >&2; exit 2 ;;
esac
