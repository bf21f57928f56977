# Sourced by master-cli: the warm start (README, Start-up). Servers are restored by CRIU from
# a checkpoint of a JVM that has already started and exercised a server (paxoschat.warmstart),
# instead of paying a cold JVM and Spring start each. Everything here is best effort: when
# CRIU is missing or cannot checkpoint on this machine, servers start cold as before.
# PAXOS_WARM_START=off turns it off; PAXOS_CRIU=/path/to/criu picks a CRIU of your own.

# CRIU from Debian's experimental suite, with its libraries from unstable, unpacked under
# target/criu and run through its own loader: bookworm's CRIU 3.17 cannot even start on the
# kernels these machines run (6.18: "Unexpected rt vDSO area bounds"), and trixie's 4.1 hangs
# in every dump there. Nothing is installed system-wide.
CRIU_SUITES="experimental unstable"
CRIU_PACKAGES="criu libcompel1 libc6 libbsd0 libmd0 libgnutls30t64 libnet9 libnftables1 libnl-3-200
  libprotobuf-c1 libuuid1 libp11-kit0 libidn2-0 libunistring5 libtasn1-6 libnettle8t64 libhogweed6t64
  libgmp10 libffi8 libmnl0 libnftnl11 libjansson4 libxtables12 libedit2 libtinfo6 libgcc-s1 libzstd1"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

fetch_criu() { # DIR -> DIR/criu, a wrapper that runs the fetched CRIU
  local dir=$1 tmp="$1.tmp.$$" suite pkg file
  rm -rf "$tmp"; mkdir -p "$tmp/root"
  for suite in $CRIU_SUITES; do
    curl -fsS -m 120 "$DEBIAN_MIRROR/dists/$suite/main/binary-amd64/Packages.xz" | xz -d >"$tmp/Packages.$suite" || return 1
  done
  for pkg in $CRIU_PACKAGES; do
    # The first suite that has the package: CRIU itself from experimental, the rest from unstable.
    file=""
    for suite in $CRIU_SUITES; do
      file=$(awk -v p="$pkg" '$1 == "Package:" { cur = $2 } $1 == "Filename:" && cur == p { print $2; exit }' "$tmp/Packages.$suite")
      [[ -n "$file" ]] && break
    done
    [[ -n "$file" ]] || { echo "master-cli: no Debian package $pkg" >&2; return 1; }
    curl -fsS -m 120 -o "$tmp/pkg.deb" "$DEBIAN_MIRROR/$file" && dpkg-deb -x "$tmp/pkg.deb" "$tmp/root" || return 1
  done
  rm -f "$tmp/pkg.deb" "$tmp"/Packages.*
  local lib="$ROOT/$dir/root/usr/lib/x86_64-linux-gnu"
  printf '#!/bin/sh\nexec "%s/ld-linux-x86-64.so.2" --library-path "%s:%s" "%s" "$@"\n' \
    "$lib" "$lib" "$ROOT/$dir/root/lib/x86_64-linux-gnu" "$ROOT/$dir/root/usr/sbin/criu" >"$tmp/criu"
  chmod +x "$tmp/criu"
  rm -rf "$dir"; mv "$tmp" "$dir"
}

find_criu() { # -> prints a CRIU command that passes `criu check` here, or nothing
  local dir=target/criu
  if [[ -n "${PAXOS_CRIU:-}" ]]; then
    "$PAXOS_CRIU" check >/dev/null 2>&1 && echo "$PAXOS_CRIU"
    return 0
  fi
  if command -v criu >/dev/null && criu check >/dev/null 2>&1; then command -v criu; return 0; fi
  if [[ ! -x "$dir/criu" && ! -f "$dir.failed" ]]; then
    echo "master-cli: fetching CRIU for the warm start (once) ..." >&2
    # Remembered, so that a machine without the mirror does not pay for the attempt each run.
    fetch_criu "$dir" || { rm -rf "$dir.tmp.$$"; touch "$dir.failed"; }
  fi
  [[ -x "$dir/criu" ]] && "$dir/criu" check >/dev/null 2>&1 && echo "$ROOT/$dir/criu"
  return 0
}

# The template's standard input, output and error are pipes of its own, which CRIU names in
# the image and connects to the restoring process's at every restore.
build_warm_image() { # CRIU FLAGS... -> $APP/warm, or $APP/warm.failed with the logs
  local criu=$1 dir="$APP/warm.tmp.$$" tag="paxos.warm-start.build=$$" pid="" i tin
  shift
  # The image of an older build must go whatever happens: it holds the old jar's classes.
  rm -rf "$dir" "$APP/warm"; mkdir -p "$dir/images"
  echo "master-cli: checkpointing a warmed-up server for the warm start (once per build) ..." >&2
  exec {tin}> >(exec unshare --pid --fork setsid "$JAVA" "$@" "-D$tag" -cp "$CP" paxoschat.Main template \
    > >(exec cat >"$dir/template.out") 2> >(exec cat >"$dir/template.err"))
  for ((i = 0; i < 1200; i++)); do
    pid=$(pgrep -f "^$JAVA .*-D$tag " | head -1 || true)
    grep -qx "paxos-chat warm template ready" "$dir/template.out" 2>/dev/null && break
    [[ -n "$pid" || $i -lt 50 ]] || break # it never started, or died
    sleep 0.1
  done
  if [[ -n "$pid" ]] && grep -qx "paxos-chat warm template ready" "$dir/template.out" 2>/dev/null; then
    for i in 0 1 2; do readlink "/proc/$pid/fd/$i"; done >"$dir/pipes.tmp"
    # A dump ends the process it dumps. Then the memory a restore fills gets allocated in
    # one go rather than page by page (paxoschat.warmstart.Prefault).
    "$criu" dump --tree "$pid" --images-dir "$dir/images" --log-file "$ROOT/$dir/dump.log" >/dev/null 2>&1 &&
      "$JAVA" $MASTER_FLAGS $MASTER_ARCHIVE $QUIET -cp "$CP" paxoschat.Main prefault-image "$dir/images" \
        2>>"$dir/dump.log" && mv "$dir/pipes.tmp" "$dir/pipes"
  fi
  [[ -z "$pid" ]] || kill -9 "$pid" 2>/dev/null || true
  exec {tin}>&-
  if [[ -f "$dir/pipes" ]] && warm_smoke_test "$criu" "$dir"; then
    echo "$criu" >"$dir/criu" # last: its presence says the image is whole
    rm -rf "$APP/warm" "$APP/warm.failed"; mv "$dir" "$APP/warm"
  else
    echo "master-cli: the warm start does not work here (see $APP/warm.failed); servers start cold" >&2
    rm -rf "$APP/warm.failed"; mv "$dir" "$APP/warm.failed"
  fi
}

warm_smoke_test() { # CRIU DIR -> runs a one-server script through the master, restored from DIR
  # The master's own restore path (paxoschat.master.Cluster), on free ports it picks itself.
  # A restore log shows the server was restored, not started cold.
  local out
  out=$(printf 'start 1 1\nsendMessage 0 warm\nallClear\nprintChatLog 0\n' | "$JAVA" $MASTER_FLAGS $MASTER_ARCHIVE \
    $QUIET -Dpaxos.log-dir="$ROOT/$2/smoke" -Dpaxos.warm-start.image="$ROOT/$2" -Dpaxos.warm-start.criu="$1" \
    -cp "$CP" paxoschat.Main master 2>"$2/smoke.err") || return 1
  [[ "$out" == "0 0: warm" ]] && compgen -G "$2/smoke/*/server-0.restore.log" >/dev/null
}
