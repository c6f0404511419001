#!/bin/sh
# install-deps.sh: install the Debian packages crossemu needs to build and test.
#
# Idempotent: asks dpkg which packages are already installed and only runs
# apt-get (update + install) when something is missing, so `make check` on a
# ready machine touches neither the network nor the package database.
# Recommends are not installed: qemu-user would pull in qemu-user-binfmt.
#
# usage: scripts/install-deps.sh [--bench] [--long]
#   --bench  also install qemu-user (the reference emulator `make bench` compares
#            against), then disable its binfmt_misc handlers so that no test can
#            run a foreign binary through QEMU by accident.
#   --long   also install what `make check-long` needs (debootstrap).
set -e

PACKAGES="meson ninja-build pkg-config gcc libc6-dev libglib2.0-dev libcapstone-dev libffi-dev
check python3 gcc-riscv64-linux-gnu libc6-dev-riscv64-cross linux-libc-dev-riscv64-cross
libslirp-dev acpica-tools gdb-multiarch gcc-aarch64-linux-gnu libc6-dev-arm64-cross linux-libc-dev-arm64-cross
linux-libc-dev-armhf-cross linux-libc-dev-ppc64el-cross linux-libc-dev-ppc64-cross linux-libc-dev-powerpc-cross linux-libc-dev-sparc64-cross"

bench=0
long=0
for arg in "$@"; do
    case "$arg" in
    --bench) bench=1 ;;
    --long) long=1 ;;
    -h|--help)
        echo "usage: $0 [--bench] [--long]"
        exit 0 ;;
    *)
        echo "$0: unknown argument '$arg'" >&2
        exit 1 ;;
    esac
done
if [ "$bench" = 1 ]; then
    PACKAGES="$PACKAGES qemu-user qemu-system-x86"
fi
if [ "$long" = 1 ]; then
    # make check-long: a foreign Debian bootstrapped through binfmt_misc.
    PACKAGES="$PACKAGES debootstrap"
fi

is_installed() {
    # Status "install ok installed" is the only state in which the files are there.
    status=$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) || return 1
    [ "$status" = "install ok installed" ]
}

missing=""
for p in $PACKAGES; do
    if ! is_installed "$p"; then
        missing="$missing $p"
    fi
done

if [ -n "$missing" ]; then
    echo "install-deps: installing:$missing"
    if [ "$(id -u)" != 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            SUDO=sudo
        else
            echo "install-deps: missing packages:$missing; run as root" >&2
            exit 1
        fi
    else
        SUDO=
    fi
    $SUDO apt-get update
    # shellcheck disable=SC2086
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
fi

if [ "$bench" = 1 ] && [ -d /proc/sys/fs/binfmt_misc ]; then
    # qemu-user's postinst (through binfmt-support or systemd-binfmt) may have
    # registered handlers; a guest test that accidentally ran a riscv64 binary
    # natively would then silently pass through QEMU instead of failing.
    for f in /proc/sys/fs/binfmt_misc/qemu-*; do
        [ -e "$f" ] || continue
        if [ -w "$f" ]; then
            echo 0 > "$f" || true
        elif [ -n "$SUDO" ] || command -v sudo >/dev/null 2>&1; then
            echo 0 | sudo tee "$f" >/dev/null || true
        fi
    done
fi
exit 0
