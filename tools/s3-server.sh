#!/usr/bin/env bash
# A throwaway S3-compatible endpoint in a folder of its own, for tests and
# benchmarks: Debian's OpenStack Swift with its s3api and tempauth middleware,
# which checks AWS Signature V4 (a wrong secret or no signature gets 403).
# Never a system service, nothing outside DIR, 127.0.0.1 only.
#
#   tools/s3-server.sh start DIR [BUCKET]
#                                   configures Swift in DIR, starts it on
#                                   free loopback ports, makes BUCKET
#                                   (default sohoa-test) and prints
#                                   AWS_ENDPOINT_URL=, AWS_REGION=,
#                                   AWS_ACCESS_KEY_ID=, AWS_SECRET_ACCESS_KEY=
#                                   lines; already running: the same lines
#   tools/s3-server.sh stop DIR     stops what start started (the folder
#                                   stays; rm -rf it)
#   tools/s3-server.sh url DIR      prints those lines for a running server
#   tools/s3-server.sh env DIR      the same
#   tools/s3-server.sh check DIR    starts, PUTs, GETs back, LISTs, checks a
#                                   wrong secret and an unsigned GET get 403,
#                                   stops; exits non-zero on a failure
#
#   set -a; eval "$(tools/s3-server.sh start /tmp/s3)"; set +a
#
# Four Python processes (object, container, account, proxy servers, ~65 MB
# each, `workers = 0` so each is one PID in DIR/run), listening after ~5-10 s.
# DIR/etc holds swift.conf, the rings (one replica, one device: DIR/srv/d0),
# the server configurations and a netrc for curl; DIR/log one log per server.
# A start after a stop keeps the ports if they are free still, and the data.
#
# The key is tempauth's `account:user`: curl's --user cuts at the first
# colon, so give curl `--netrc-file DIR/etc/netrc` (or CURLOPT_USERNAME and
# CURLOPT_PASSWORD apart), `--aws-sigv4 aws:amz:REGION:s3` and an
# x-amz-content-sha256 header (a body's SHA-256 or UNSIGNED-PAYLOAD).
# curl 7.88 signs the query string as written: give it sorted by name and
# percent-encoded (`?list-type=2&prefix=a%2F`, not `prefix=a/`) or get 403.
# An S3 request with no signature at all gets 403 AccessDenied from a filter
# of the helper's (Swift itself would answer 400); every signed one is
# checked by s3api and tempauth. A 403 SignatureDoesNotMatch shows the
# canonical request the server signed: compare it with the client's.
#
# tempauth and the proxy want a memcached: a small cache filter in
# tools/s3-server.py keeps it in the proxy's process instead (no memcached,
# no fifth process). Swift reads /etc/swift/swift.conf unless told: the
# helper points it at DIR/etc. The servers run as the user who runs this
# (root too: `user =` names that user). Swift keeps object metadata in
# xattrs: DIR must be on a filesystem with user xattrs (ext4, xfs, btrfs;
# tmpfs only from Linux 6.6).
set -euo pipefail

usage() { awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; }
case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  start | check) [[ $# -eq 2 || $# -eq 3 ]] || { usage >&2; exit 2; } ;;
  stop | url | env) [[ $# -eq 2 ]] || { usage >&2; exit 2; } ;;
  *) usage >&2; exit 2 ;;
esac
command=$1
dir=$(realpath -m "$2")
bucket=${3:-sohoa-test}

# Debian's Python, whatever python3 PATH finds first (pyenv, a venv).
python=/usr/bin/python3
helper=$(dirname "$(realpath "$0")")/s3-server.py
if ! [[ -x $python ]] || ! "$python" -c 'import swift.common.middleware.s3api' 2>/dev/null; then
  echo "s3-server.sh: OpenStack Swift (python3-swift) is not installed: run tools/install-deps.sh" >&2
  exit 3
fi
servers=(object container account proxy)

# The PID of server $1 if that process is alive and is ours: a PID file
# alone may name a process that has ended, or another one since.
pid_of() {
  local file=$dir/run/$1.pid pid
  [[ -f $file ]] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  local cmdline
  cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 1
  [[ $cmdline == *"$helper serve $dir $1 "* ]] || return 1
  echo "$pid"
}

all_running() {
  local s
  for s in "${servers[@]}"; do pid_of "$s" >/dev/null || return 1; done
}

print_env() { cat "$dir/etc/s3.env"; }

stop_servers() {
  local s pid pids=() i
  for s in "${servers[@]}"; do
    if pid=$(pid_of "$s"); then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$s")
    fi
  done
  for ((i = 0; i < 100 && ${#pids[@]} > 0; i++)); do
    local left=()
    for s in "${pids[@]}"; do pid_of "$s" >/dev/null && left+=("$s"); done
    pids=("${left[@]+"${left[@]}"}")
    ((${#pids[@]} == 0)) || sleep 0.1
  done
  for s in "${pids[@]+"${pids[@]}"}"; do
    if pid=$(pid_of "$s"); then kill -KILL "$pid" 2>/dev/null || true; fi
  done
  rm -f "$dir"/run/*.pid
}

# One signed request with the helper's own signer (standard library only).
signed() {
  (
    set -a
    # shellcheck source=/dev/null
    source "$dir/etc/s3.env"
    exec "$python" "$helper" request "$@"
  )
}

make_bucket() {
  local endpoint status
  endpoint=$(sed -n 's/^AWS_ENDPOINT_URL=//p' "$dir/etc/s3.env")
  # A bucket of ours that exists already is 409 BucketAlreadyOwnedByYou.
  status=$(signed PUT "$endpoint/$1" 2>&1 >/dev/null | tail -n 1) || true
  if [[ $status != 200 && $status != 409 ]] || ! signed HEAD "$endpoint/$1" >/dev/null 2>&1; then
    echo "s3-server.sh: cannot make bucket '$1' (PUT answered $status; names are 3-63 of a-z 0-9 . -)" >&2
    return 1
  fi
}

start() {
  if all_running; then
    make_bucket "$bucket"
    print_env
    return 0
  fi
  stop_servers  # what is left of a server that half ended
  mkdir -p "$dir" || return 1
  "$python" "$helper" configure "$dir" || return 1
  local s
  for s in "${servers[@]}"; do
    "$python" "$helper" serve "$dir" "$s" >>"$dir/log/$s.log" 2>&1 </dev/null &
    echo $! >"$dir/run/$s.pid"
  done
  local port name waiting=("${servers[@]}") i
  declare -A ports
  while read -r name port; do ports[$name]=$port; done <"$dir/etc/ports"
  for ((i = 0; i < 300 && ${#waiting[@]} > 0; i++)); do
    local left=()
    for s in "${waiting[@]}"; do
      if ! pid_of "$s" >/dev/null; then
        # Just forked, it may not be Python yet (its command line is still
        # this script's): only a process that is gone has ended.
        if kill -0 "$(cat "$dir/run/$s.pid" 2>/dev/null)" 2>/dev/null; then
          left+=("$s")
          continue
        fi
        echo "s3-server.sh: the $s server ended; $dir/log/$s.log says:" >&2
        tail -n 20 "$dir/log/$s.log" >&2
        stop_servers
        return 1
      fi
      curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:${ports[$s]}/healthcheck" || left+=("$s")
    done
    waiting=("${left[@]+"${left[@]}"}")
    ((${#waiting[@]} == 0)) || sleep 0.1
  done
  if ((${#waiting[@]} > 0)); then
    echo "s3-server.sh: no answer after 30 s from: ${waiting[*]} (logs in $dir/log)" >&2
    stop_servers
    return 1
  fi
  make_bucket "$bucket" || { stop_servers; return 1; }
  print_env
}

check() {
  local was_running="" t0 t1
  all_running && was_running=1
  [[ -n $was_running ]] || trap stop_servers EXIT
  t0=$(date +%s.%N)
  local lines
  lines=$(start) || { echo "FAIL start" >&2; return 1; }
  t1=$(date +%s.%N)
  local AWS_ENDPOINT_URL AWS_REGION AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
  eval "$lines"
  echo "ok   start: $AWS_ENDPOINT_URL in $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}') s"

  local work=$dir/check failed=0 code
  mkdir -p "$work"
  head -c 300000 /dev/urandom >"$work/object.bin"
  printf 'machine 127.0.0.1 login %s password wrong%s\n' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" >"$work/wrong.netrc"
  local url=$AWS_ENDPOINT_URL/$bucket/check/object.bin
  s3curl() { curl -s -o "$work/body" -w '%{http_code}' --aws-sigv4 "aws:amz:$AWS_REGION:s3" "$@"; }
  expect() {  # expect WHAT CODE GOT
    if [[ $3 == "$2" ]]; then
      echo "ok   $1: $3"
    else
      echo "FAIL $1: $3, not $2" >&2
      [[ -s $work/body ]] && head -c 500 "$work/body" >&2 && echo >&2
      failed=1
    fi
  }
  local sha
  sha=$(sha256sum "$work/object.bin" | cut -d' ' -f1)
  code=$(s3curl --netrc-file "$dir/etc/netrc" -H "x-amz-content-sha256: $sha" -T "$work/object.bin" "$url") || true
  expect "PUT 300000 bytes" 200 "$code"
  code=$(s3curl --netrc-file "$dir/etc/netrc" -H "x-amz-content-sha256: $(echo | sha256sum | cut -d' ' -f1)" \
    -T "$work/object.bin" "$url.bad-hash") || true
  expect "PUT with a body that is not its x-amz-content-sha256" 400 "$code"
  code=$(s3curl --netrc-file "$dir/etc/netrc" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$url") || true
  expect "GET" 200 "$code"
  if cmp -s "$work/body" "$work/object.bin"; then
    echo "ok   GET: byte-identical"
  else
    echo "FAIL GET: not the bytes PUT" >&2
    failed=1
  fi
  code=$(s3curl --netrc-file "$dir/etc/netrc" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" \
    "$AWS_ENDPOINT_URL/$bucket?list-type=2&prefix=check%2F") || true
  expect "LIST" 200 "$code"
  if grep -q '<Key>check/object.bin</Key>' "$work/body"; then
    echo "ok   LIST: has check/object.bin"
  else
    echo "FAIL LIST: no check/object.bin" >&2
    failed=1
  fi
  code=$(s3curl --netrc-file "$work/wrong.netrc" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$url") || true
  expect "GET with a wrong secret" 403 "$code"
  code=$(curl -s -o "$work/body" -w '%{http_code}' "$url") || true
  expect "unsigned GET" 403 "$code"
  code=$(s3curl --netrc-file "$dir/etc/netrc" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" -X DELETE "$url") || true
  expect "DELETE" 204 "$code"
  rm -rf "$work"

  if [[ -z $was_running ]]; then
    trap - EXIT
    local s pids=()
    for s in "${servers[@]}"; do pids+=("$(pid_of "$s")"); done
    stop_servers
    local pid
    for pid in "${pids[@]}"; do
      if [[ -n $pid && $(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") == *"$helper serve $dir "* ]]; then
        echo "FAIL stop: $pid still runs" >&2
        failed=1
      fi
    done
    ((failed)) || echo "ok   stop"
  fi
  return "$failed"
}

case $command in
  start) start ;;
  stop) stop_servers ;;
  url | env)
    if ! all_running; then
      echo "s3-server.sh: no server runs in $dir (tools/s3-server.sh start $dir)" >&2
      exit 1
    fi
    print_env
    ;;
  check) check ;;
esac
