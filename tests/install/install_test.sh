#!/usr/bin/env bash
# tools/install.sh and the install() rules into temporary DESTDIRs: the binary,
# the systemd units and the home land where they should, with the paths asked
# for, a second run changes nothing, and no user is created; then a home's
# permissions let staff drop scans and read failed/, and nothing more.
#
#   tests/install/install_test.sh BUILD_DIR   (CTest runs it as `install`)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:?usage: install_test.sh BUILD_DIR}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
expect_file() { [[ -f $1 ]] || fail "$1 was not installed"; }
expect_line() {  # FILE LINE
  grep -qxF "$2" "$1" 2>/dev/null || fail "$1 lacks the line '$2'"
}

# Nothing here may create this user on the machine.
user=sohoa-install-test
getent passwd "$user" >/dev/null && { echo "FAIL: user $user exists before the test" >&2; exit 1; }

"$repo/tools/install.sh" --help | grep -q -- '--prefix' || fail "--help does not mention --prefix"
status=0; "$repo/tools/install.sh" --no-such-option >/dev/null 2>&1 || status=$?
[[ $status == 2 ]] || fail "an unknown option gave exit code $status, not 2"

# Defaults: /usr/local/bin, /etc/systemd/system, /var/lib/sohoa.
root=$tmp/default
DESTDIR=$root "$repo/tools/install.sh" --no-build --build-dir "$build" >"$tmp/first.log"
[[ -x $root/usr/local/bin/sohoa ]] || fail "$root/usr/local/bin/sohoa is missing or not executable"
"$root/usr/local/bin/sohoa" --help >/dev/null || fail "the installed sohoa does not run"
for unit in sohoa-watch.service sohoa-serve.service sohoa-worker.service sohoa-verify.service sohoa-verify.timer; do
  expect_file "$root/etc/systemd/system/$unit"
done
expect_line "$root/etc/systemd/system/sohoa-watch.service" "ExecStart=/usr/local/bin/sohoa watch"
expect_line "$root/etc/systemd/system/sohoa-serve.service" \
  "ExecStart=/usr/local/bin/sohoa serve --listen 127.0.0.1:8080 --trust-proxy --secure-cookies"
expect_line "$root/etc/systemd/system/sohoa-watch.service" "Environment=SOHOA_HOME=/var/lib/sohoa"
expect_line "$root/etc/systemd/system/sohoa-worker.service" "ExecStart=/usr/local/bin/sohoa worker"
expect_line "$root/etc/systemd/system/sohoa-worker.service" "Environment=SOHOA_HOME=/var/lib/sohoa"
expect_line "$root/etc/systemd/system/sohoa-verify.service" "ExecStart=/usr/local/bin/sohoa verify --sample 10"
[[ -d $root/var/lib/sohoa ]] || fail "the home $root/var/lib/sohoa was not created"

# Idempotent: a second run finds everything in place.
DESTDIR=$root "$repo/tools/install.sh" --no-build --build-dir "$build" >"$tmp/second.log"
if grep -q '  installed ' "$tmp/second.log"; then
  fail "a second run installed files again:"; grep '  installed ' "$tmp/second.log" >&2
fi
[[ $(grep -c '  unchanged ' "$tmp/second.log") == 6 ]] || fail "a second run did not find 6 files unchanged (the binary and 5 units)"

# --prefix, --home, --user and --unit-dir reach the files.
root=$tmp/custom
DESTDIR=$root "$repo/tools/install.sh" --no-build --build-dir "$build" --prefix /opt/sohoa \
  --home /srv/archive --user "$user" --unit-dir /usr/lib/systemd/system >/dev/null
expect_file "$root/opt/sohoa/bin/sohoa"
unit=$root/usr/lib/systemd/system/sohoa-watch.service
expect_line "$unit" "ExecStart=/opt/sohoa/bin/sohoa watch"
expect_line "$unit" "Environment=SOHOA_HOME=/srv/archive"
expect_line "$unit" "User=$user"
expect_line "$unit" "Group=$user"
[[ -d $root/srv/archive ]] || fail "the home $root/srv/archive was not created"
getent passwd "$user" >/dev/null && fail "a DESTDIR run created the user $user"

# The CMake install() rules on their own (what a packager runs).
prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$build/CMakeCache.txt")
root=$tmp/cmake
DESTDIR=$root cmake --install "$build" >/dev/null
[[ -x $root$prefix/bin/sohoa ]] || fail "cmake --install did not put sohoa in $prefix/bin"
unit_dir=$(sed -n 's/^SOHOA_SYSTEMD_UNIT_DIR:STRING=//p' "$build/CMakeCache.txt")
[[ $unit_dir == /* ]] || unit_dir=$prefix/$unit_dir
expect_line "$root$unit_dir/sohoa-watch.service" "ExecStart=$prefix/bin/sohoa watch"
expect_file "$root$unit_dir/sohoa-verify.timer"
expect_line "$root$unit_dir/sohoa-worker.service" "ExecStart=$prefix/bin/sohoa worker"

# --permissions-only on a real home (root only: it changes owners): staff
# (here nobody, in nogroup) write into inbox/ even with umask 077, the
# service (here daemon) reads and moves what they left, and staff read
# failed/ but nothing else of the home.
if [[ $(id -u) == 0 ]] && command -v setfacl >/dev/null; then
  chmod 711 "$tmp"
  home=$tmp/home
  SOHOA_HOME=$home "$build/sohoa" init >/dev/null
  mkdir -p "$home/work"
  echo "an old note" >"$home/failed/old.pdf.error.txt"
  "$repo/tools/install.sh" --permissions-only --home "$home" --user daemon --staff-group nogroup >"$tmp/perm.log" ||
    fail "--permissions-only failed: $(cat "$tmp/perm.log")"
  as() { local who=$1; shift; runuser -u "$who" -- sh -c "umask 077; $*" 2>/dev/null; }
  as nobody "mkdir '$home/inbox/lô 1' && echo scan >'$home/inbox/lô 1/p1.jpg'" ||
    fail "staff could not drop a folder into the inbox"
  as daemon "cat '$home/inbox/lô 1/p1.jpg'" >/dev/null || fail "the service could not read what staff dropped"
  as daemon "mv '$home/inbox/lô 1' '$home/work/lô 1'" || fail "the service could not claim what staff dropped"
  as nobody "cat '$home/failed/old.pdf.error.txt'" >/dev/null || fail "staff could not read a note in failed/"
  as nobody "cat '$home/catalog.db'" >/dev/null && fail "staff could read the catalog"
  as nobody "ls '$home'" >/dev/null && fail "staff could list the home"
  as nobody "ls '$home/work'" >/dev/null && fail "staff could list work/"
  [[ $(stat -c %U "$home/catalog.db") == daemon ]] || fail "the catalog is not owned by the service user"
else
  echo "install: skipped the --permissions-only checks (need root and setfacl: apt-get install acl)"
fi

if ((failures)); then
  echo "$failures check(s) failed; logs of the default install:" >&2
  cat "$tmp/first.log" "$tmp/second.log" >&2
  exit 1
fi
echo "install: all checks passed"
