#!/usr/bin/env bash
# The stress function: loads N cores for S seconds, as the seed experiment's tasks do.
#
#   bash process_task.sh <task file> <output folder>
#
# The load is in the task's name, <seq>.<cores>-<seconds>.txt (e.g. 101.2-100.txt = 2
# cores for 100 s); the file's content is not used. Uses stress or stress-ng when
# installed, else one bash busy loop per core. Exit 0 on success, 2 on a malformed name.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: process_task.sh <task file> <output folder>" >&2
  exit 2
fi
task=$(basename -- "$1")
out=$2

if [[ ! $task =~ ^[0-9]+\.([0-9]+)-([0-9]+)\.txt$ ]]; then
  echo "malformed task name '$task': expected <seq>.<cores>-<seconds>.txt, e.g. 101.2-100.txt" >&2
  exit 2
fi
cores=$((10#${BASH_REMATCH[1]}))
seconds=$((10#${BASH_REMATCH[2]}))
if ((cores < 1 || cores > 256 || seconds < 1 || seconds > 86400)); then
  echo "task '$task' asks for $cores cores for $seconds s; allowed: 1-256 cores, 1-86400 s" >&2
  exit 2
fi

echo "stressing $cores core(s) for $seconds s"
started=$(date +%s.%N)
if command -v stress >/dev/null 2>&1; then
  stress --cpu "$cores" --timeout "${seconds}s" --quiet
elif command -v stress-ng >/dev/null 2>&1; then
  stress-ng --cpu "$cores" --timeout "${seconds}s" --quiet
else
  for ((i = 0; i < cores; i++)); do
    timeout "$seconds" bash -c 'while :; do :; done' &
  done
  wait || true
fi
ended=$(date +%s.%N)

printf 'task=%s cores=%d seconds=%d started=%s ended=%s\n' "$task" "$cores" "$seconds" "$started" "$ended" >"$out/result.txt"
echo "done"
