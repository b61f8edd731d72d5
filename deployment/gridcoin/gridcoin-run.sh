#!/usr/bin/env bash
# Any JSON-RPC call to the Gridcoin node through curl, e.g.
#
#   gridcoin-run.sh getblockcount
#   gridcoin-run.sh listsinceblock "" 10
#   gridcoin-run.sh sendtoaddress S... 1.50000000
#
# Parameters that look like numbers or booleans are sent as JSON numbers and booleans,
# everything else as strings. Credentials come from GRIDFAAS_WALLET_GRIDCOIN_USER and
# _PASSWORD, or from $GRIDCOIN_DATADIR/gridfaas-rpc.env, and reach curl on its standard
# input: they never appear in the process list or on screen.
set -euo pipefail

[[ $# -ge 1 ]] || { echo "usage: gridcoin-run.sh <method> [params...]" >&2; exit 2; }
datadir=${GRIDCOIN_DATADIR:-$HOME/.GridcoinResearch}
if [[ -z ${GRIDFAAS_WALLET_GRIDCOIN_USER:-} && -r $datadir/gridfaas-rpc.env ]]; then
  # shellcheck source=../lib.sh
  source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
  load_env "$datadir/gridfaas-rpc.env" || exit 2
fi
: "${GRIDFAAS_WALLET_GRIDCOIN_USER:?set GRIDFAAS_WALLET_GRIDCOIN_USER (or run gridcoin-server.sh configure)}"
: "${GRIDFAAS_WALLET_GRIDCOIN_PASSWORD:?set GRIDFAAS_WALLET_GRIDCOIN_PASSWORD}"
url=${GRIDFAAS_WALLET_GRIDCOIN_URL:-http://127.0.0.1:15715}

method=$1
shift
params=""
for param in "$@"; do
  if [[ $param =~ ^-?[0-9]+(\.[0-9]+)?$ || $param == true || $param == false ]]; then
    value=$param
  else
    value=$(printf '%s' "$param" | sed 's/\\/\\\\/g; s/"/\\"/g')
    value="\"$value\""
  fi
  params+=${params:+,}$value
done

# curl's config syntax: backslashes and quotes escaped inside the quoted value.
credentials=$(printf '%s:%s' "$GRIDFAAS_WALLET_GRIDCOIN_USER" "$GRIDFAAS_WALLET_GRIDCOIN_PASSWORD" | sed 's/\\/\\\\/g; s/"/\\"/g')
printf 'user = "%s"\n' "$credentials" |
  curl -sS -K - -H 'Content-Type: application/json' \
    --data "{\"jsonrpc\":\"1.0\",\"id\":\"gridcoin-run\",\"method\":\"$method\",\"params\":[$params]}" "$url/"
echo
