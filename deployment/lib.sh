# Shared by the deployment scripts and their tests; sourced, never run.

# load_env FILE: exports each NAME=value line of FILE. The file is read, never run as
# shell: a value is taken as it is written ($, backticks and spaces included), less one
# pair of quotes around it. Blank lines and lines starting with # are skipped; any other
# line stops with its number.
load_env() {
  local file=$1 line number=0 name value
  while IFS= read -r line || [[ -n $line ]]; do
    number=$((number + 1))
    line=${line%$'\r'}
    [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
    if [[ ! $line =~ ^[[:space:]]*([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]]; then
      echo "$file:$number: not a NAME=value line: $line" >&2
      return 1
    fi
    name=${BASH_REMATCH[1]} value=${BASH_REMATCH[2]}
    if [[ $value =~ ^\"(.*)\"$ || $value =~ ^\'(.*)\'$ ]]; then
      value=${BASH_REMATCH[1]}
    fi
    export "$name=$value"
  done <"$file"
}

# A secret of 32 random bytes, URL-safe, on one line.
random_secret() { head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }

# The check harness of the deployment tests: check WHAT COMMAND... runs COMMAND and
# reports WHAT as ok or FAIL; report NAME prints the totals and fails if anything did.
passed=0
failed=0
check() {
  local what=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "  ok    $what"; else failed=$((failed + 1)); echo "  FAIL  $what"; fi
}
report() {
  echo "$1: $passed passed, $failed failed"
  ((failed == 0))
}
