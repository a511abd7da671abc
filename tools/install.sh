#!/usr/bin/env bash
# Builds sohoa for production and installs it as a service. Starts nothing.
#
#   tools/install.sh [--prefix DIR] [--home DIR] [--user NAME] [--staff-group NAME]
#                    [--unit-dir DIR] [--build-dir DIR] [--no-build] [--no-deps]
#   tools/install.sh --permissions-only [--home DIR] [--user NAME] [--staff-group NAME]
#
#   --prefix DIR     where the binary goes: DIR/bin/sohoa (default /usr/local)
#   --home DIR       the archive home the service uses (default /var/lib/sohoa)
#   --user NAME      the system user that runs the service and owns the home
#                    (default sohoa)
#   --staff-group NAME  the group of the staff who drop scans (default
#                    sohoa-staff; add people with: usermod -aG sohoa-staff NAME).
#                    They may write into <home>/inbox and read <home>/failed,
#                    and nothing else of the home: not the catalog, not the
#                    archived files (personal data, NĐ 13/2023)
#   --permissions-only  set the home's owners, modes and ACLs again (after a
#                    restore from backup, say) and do nothing else
#   --unit-dir DIR   where the systemd units go (default /etc/systemd/system)
#   --build-dir DIR  the build folder (default build-release: Release, no
#                    tests, no sample generator, no benchmarks)
#   --no-build       install what --build-dir already holds (tests, packagers)
#   --no-deps        do not run tools/install-deps.sh first
#
# Safe to run again: files that are already in place are left alone, an
# existing user is kept. With DESTDIR=/some/dir in the environment everything
# is written under that folder and nothing else is touched: no user is
# created, nothing is chowned, systemd is not told (a dry run for tests and
# packaging). Then enable the service yourself:
#   systemctl enable --now sohoa-watch.service sohoa-verify.timer
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)

prefix=/usr/local
home=/var/lib/sohoa
user=sohoa
staff_group=sohoa-staff
permissions_only=0
unit_dir=/etc/systemd/system
build_dir=$repo/build-release
build=1
deps=1
destdir=${DESTDIR:-}

usage() { awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; }
need_value() { [[ $# -ge 2 && -n $2 ]] || { echo "install.sh: $1 needs a value (see --help)" >&2; exit 2; }; }
while (($#)); do
  case "$1" in
    --prefix) need_value "$@"; prefix=$2; shift 2 ;;
    --home) need_value "$@"; home=$2; shift 2 ;;
    --user) need_value "$@"; user=$2; shift 2 ;;
    --staff-group) need_value "$@"; staff_group=$2; shift 2 ;;
    --permissions-only) permissions_only=1; shift ;;
    --unit-dir) need_value "$@"; unit_dir=$2; shift 2 ;;
    --build-dir) need_value "$@"; build_dir=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --no-deps) deps=0; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "install.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
for dir in "$prefix" "$home" "$unit_dir"; do
  [[ $dir == /* ]] || { echo "install.sh: '$dir' is not an absolute path" >&2; exit 2; }
done
[[ $build_dir == /* ]] || build_dir=$PWD/$build_dir
if [[ -z $destdir && $(id -u) -ne 0 ]]; then
  echo "install.sh: run as root (or with sudo), or set DESTDIR for a dry run" >&2
  exit 2
fi

start=$SECONDS
step() { echo "== $*"; }
took() { echo "   ($((SECONDS - $1)) s)"; }

# The home's permissions. The service user owns everything; others get
# nothing (the catalog holds citizens' names and ID numbers). The staff group
# may pass through the home (not list it), write into inbox/ and read
# failed/. Default ACLs make whatever staff put in the inbox readable and
# movable by the service whatever their umask (a Samba share, a scanner's
# own account), and what the service sets aside readable by staff.
set_permissions() {
  command -v setfacl >/dev/null || { echo "install.sh: setfacl is missing: apt-get install acl" >&2; exit 1; }
  getent group "$staff_group" >/dev/null || { echo "install.sh: no group $staff_group" >&2; exit 1; }
  chown -R "$user:$user" "$home"
  chmod -R o-rwx "$home"
  chmod 750 "$home"
  setfacl -m "g:$staff_group:--x" "$home"
  install -d -o "$user" -g "$staff_group" "$home/inbox" "$home/failed"
  chgrp -R "$staff_group" "$home/inbox" "$home/failed"
  chmod 2770 "$home/inbox"
  setfacl -R -m "u:$user:rwX,g:$staff_group:rwX" "$home/inbox"
  setfacl -d -m "u:$user:rwx,g:$staff_group:rwx,m::rwx" "$home/inbox"
  chmod 2750 "$home/failed"
  setfacl -R -m "u:$user:rwX,g:$staff_group:rX" "$home/failed"
  setfacl -d -m "u:$user:rwx,g:$staff_group:rx,m::rwx" "$home/failed"
  echo "   $home: $user owns it; group $staff_group writes into inbox/ and reads failed/, nothing else"
}

if ((permissions_only)); then
  [[ -z $destdir ]] || { echo "install.sh: --permissions-only works on a real home, not under DESTDIR" >&2; exit 2; }
  [[ -d $home ]] || { echo "install.sh: $home is not a folder" >&2; exit 1; }
  step "permissions of $home"
  set_permissions
  exit 0
fi

if ((build)); then
  if ((deps)); then
    t=$SECONDS; step "install-deps --production"; "$repo/tools/install-deps.sh" --production; took $t
  fi
  t=$SECONDS; step "build $build_dir (Release; no tests, generator or benchmarks)"
  cmake -S "$repo" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DBUILD_TESTING=OFF -DSOHOA_BUILD_GENERATOR=OFF -DSOHOA_BUILD_BENCH=OFF >/dev/null
  cmake --build "$build_dir" --target sohoa
  took $t
elif [[ ! -x $build_dir/sohoa ]]; then
  echo "install.sh: $build_dir/sohoa is not built; run without --no-build" >&2
  exit 1
fi

# install_file SRC DEST MODE: copies unless DEST already has the same bytes.
install_file() {
  if [[ -f $2 ]] && cmp -s "$1" "$2"; then
    echo "   unchanged $2"
  else
    install -D -m "$3" "$1" "$2"
    echo "   installed $2"
  fi
}

step "binary -> ${destdir}$prefix/bin/sohoa"
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
env -u DESTDIR cmake --install "$build_dir" --prefix "$staging" --component runtime --strip >/dev/null
install_file "$staging/bin/sohoa" "${destdir}$prefix/bin/sohoa" 755

step "systemd units -> ${destdir}$unit_dir"
for unit in sohoa-watch.service sohoa-serve.service sohoa-worker.service sohoa-verify.service sohoa-verify.timer; do
  sed -e "s|/usr/local/bin/sohoa|$prefix/bin/sohoa|g" -e "s|/var/lib/sohoa|$home|g" \
    -e "s|^User=sohoa$|User=$user|" -e "s|^Group=sohoa$|Group=$user|" \
    "$repo/tools/systemd/$unit" >"$staging/$unit"
  install_file "$staging/$unit" "${destdir}$unit_dir/$unit" 644
done

step "user $user, home ${destdir}$home"
if [[ -n $destdir ]]; then
  mkdir -p "${destdir}$home"
  echo "   DESTDIR is set: created the folder only; the user $user is not created and nothing is chowned"
else
  if getent passwd "$user" >/dev/null; then
    echo "   user $user exists"
  else
    group_arg=(--user-group)
    getent group "$user" >/dev/null && group_arg=(--gid "$user")
    useradd --system "${group_arg[@]}" --home-dir "$home" --no-create-home \
      --shell /usr/sbin/nologin --comment "sohoa archive service" "$user"
    echo "   created system user $user"
  fi
  if getent group "$staff_group" >/dev/null; then
    echo "   group $staff_group exists"
  else
    groupadd --system "$staff_group"
    echo "   created group $staff_group (add staff who drop scans: usermod -aG $staff_group NAME)"
  fi
  install -d -m 750 -o "$user" -g "$user" "$home"
  # An empty catalog now, so `sohoa verify` and `search` work before the first scan.
  runuser -u "$user" -- env SOHOA_HOME="$home" "$prefix/bin/sohoa" init >/dev/null
  set_permissions
  if [[ -d /run/systemd/system ]]; then
    systemctl daemon-reload
    echo "   systemd reloaded its units (nothing started)"
  fi
fi

echo
echo "Installed in $((SECONDS - start)) s. Nothing was started. To run the service:"
echo "  systemctl enable --now sohoa-watch.service    # archives what lands in $home/inbox"
echo "  systemctl enable --now sohoa-verify.timer     # nightly fixity check of a 10% sample"
echo "  systemctl enable --now sohoa-serve.service    # web pages and API on 127.0.0.1:8080"
echo "    (then: sohoa user add NAME --role admin --password-stdin; TLS: tools/nginx-sohoa.conf)"
echo "  systemctl enable --now sohoa-worker.service   # a cluster's worker machine (README, 'Beyond one machine')"
