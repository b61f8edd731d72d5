#!/usr/bin/env bash
# A throwaway Ceph cluster with S3 on loopback: one monitor, one in-memory OSD, one
# radosgw. For tests and benches, and to try gridfaas on a real distributed object store
# on one machine. Its data lives in memory and is gone when it stops.
#
#   loopback-radosgw.sh start DIR [PORT [ADDRESS]]   prints the endpoint, access key and secret key
#   loopback-radosgw.sh stop DIR
#
# S3 listens on ADDRESS (default 127.0.0.1), e.g. a bridge that network namespaces reach;
# the monitor and the OSD stay on loopback.
# Needs Debian's ceph-mon, ceph-osd, radosgw and ceph-common. Daemons never start on
# install here (no systemd), so this starts them itself, each with its files under DIR.
set -euo pipefail

usage() { echo "usage: $0 start DIR [PORT] | stop DIR" >&2; exit 2; }
[ $# -ge 2 ] || usage
action=$1 dir=$2 port=${3:-7480} address=${4:-127.0.0.1}

stop() {
  for pidfile in "$dir"/run/*.pid; do
    [ -f "$pidfile" ] || continue
    kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  for pidfile in "$dir"/run/*.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  done
}

start() {
  for command in ceph-mon ceph-osd radosgw radosgw-admin monmaptool ceph-authtool ceph; do
    command -v "$command" >/dev/null || { echo "$command is not installed (apt-get install ceph-mon ceph-osd radosgw ceph-common)" >&2; exit 1; }
  done
  mkdir -p "$dir"/run "$dir"/log "$dir"/mon "$dir"/osd
  dir=$(cd "$dir" && pwd)
  # Ports of its own beside the S3 one, so that several clusters can run side by side.
  local mon_port=$((port + 1))
  local fsid
  fsid=$(cat /proc/sys/kernel/random/uuid)
  cat >"$dir/ceph.conf" <<CONF
[global]
fsid = $fsid
mon host = v2:127.0.0.1:$mon_port
mon initial members = a
public network = 127.0.0.0/8
auth cluster required = none
auth service required = none
auth client required = none
# Without authentication there is no secure mode: every connection is crc.
ms client mode = crc
ms service mode = crc
ms cluster mode = crc
ms mon client mode = crc
ms mon service mode = crc
ms mon cluster mode = crc
keyring = $dir/keyring
run dir = $dir/run
pid file = $dir/run/\$name.pid
admin socket = $dir/run/\$name.asok
log file = $dir/log/\$name.log
mon data = $dir/mon/\$cluster-\$id
osd data = $dir/osd/\$cluster-\$id
osd objectstore = memstore
memstore device bytes = 2147483648
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd crush chooseleaf type = 0
mon allow pool size one = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000
osd max object name len = 460
osd max object namespace len = 64

[client.rgw.a]
rgw frontends = beast endpoint=$address:$port
rgw data = $dir/rgw
rgw dns name = 127.0.0.1
rgw enable usage log = false
CONF
  local conf=(-c "$dir/ceph.conf")
  ceph-authtool --create-keyring "$dir/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  monmaptool --create --addv a "[v2:127.0.0.1:$mon_port]" --fsid "$fsid" "$dir/monmap" >/dev/null
  ceph-mon "${conf[@]}" --mkfs -i a --monmap "$dir/monmap" --keyring "$dir/keyring"
  ceph-mon "${conf[@]}" -i a
  local osd
  osd=$(ceph "${conf[@]}" osd create)
  mkdir -p "$dir/osd/ceph-$osd"
  ceph-osd "${conf[@]}" -i "$osd" --mkfs >/dev/null 2>&1
  # It says on stderr that it falls back to the public network: there is only one.
  ceph-osd "${conf[@]}" -i "$osd" 2>>"$dir/log/osd-start.log"
  mkdir -p "$dir/rgw"
  radosgw "${conf[@]}" -n client.rgw.a
  local access secret
  access=gridfaas$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')
  secret=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  # radosgw-admin waits for the OSD to take the gateway's pools.
  radosgw-admin "${conf[@]}" user create --uid=gridfaas --display-name=gridfaas \
    --access-key="$access" --secret-key="$secret" >/dev/null
  for _ in $(seq 300); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://$address:$port/" || true)
    [ "$code" = 200 ] && break
    sleep 0.1
  done
  [ "$code" = 200 ] || { echo "radosgw did not answer on $address:$port; see $dir/log" >&2; exit 1; }
  printf 'http://%s:%s %s %s\n' "$address" "$port" "$access" "$secret"
}

case $action in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
