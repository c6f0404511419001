#!/bin/sh
# fetch-assets.sh: download Debian packages used as test assets, verify them,
# and unpack them into a cache.  Nothing fetched here is ever committed.
#
# usage: scripts/fetch-assets.sh SUITE ARCH PACKAGE...
#
#   SUITE    bookworm or trixie (base suites only: see shared/ASSETS.md)
#   ARCH     Debian architecture: arm64, armhf, ppc64el, riscv64, amd64...
#
# Prints, one per line, the directory each package was unpacked into
# ($CACHE/unpacked/SUITE-ARCH/PACKAGE).  Packages come through apt with a
# private state directory (the machine's own apt configuration is untouched),
# so apt checks every .deb against the signed archive index; the sha256 of
# each .deb is also recorded in $CACHE/debs/SUITE-ARCH/SHA256SUMS the first
# time and checked on every later run, so a corrupted cache is noticed.
#
# CACHE defaults to $CROSSEMU_ASSET_CACHE, else ~/.cache/crossemu-assets.
# Exit status: 0 on success, 1 on a usage error, 2 if the archive cannot be
# reached or a package is unknown (tests then skip with that message).
set -eu

CACHE=${CROSSEMU_ASSET_CACHE:-${HOME:-/root}/.cache/crossemu-assets}

if [ $# -lt 3 ]; then
    echo "usage: $0 SUITE ARCH PACKAGE..." >&2
    exit 1
fi
suite=$1
arch=$2
shift 2

state=$CACHE/apt-$suite
debs=$CACHE/debs/$suite-$arch
unpacked=$CACHE/unpacked/$suite-$arch
mkdir -p "$state/lists/partial" "$state/cache/archives/partial" "$debs" "$unpacked"

mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
if [ -z "$mirror" ]; then
    mirror=$(awk '$1 == "deb" { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true)
fi
if [ -z "$mirror" ]; then
    echo "fetch-assets: no Debian mirror found in the machine's apt sources" >&2
    exit 2
fi

echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main" \
    > "$state/sources.list"
touch "$state/status"
apt_opts="-q -o Dir::Etc::SourceList=$state/sources.list -o Dir::Etc::SourceParts=/dev/null
 -o Dir::State::Lists=$state/lists -o Dir::Cache=$state/cache
 -o Dir::State::status=$state/status -o APT::Architectures=$arch
 -o APT::Architecture=$arch -o Debug::NoLocking=1"

# The index is refreshed at most once a day.
stamp=$state/updated-$arch
if [ ! -f "$stamp" ] || [ -n "$(find "$stamp" -mmin +1440 2>/dev/null)" ]; then
    # shellcheck disable=SC2086
    if ! apt-get $apt_opts update >"$state/update.log" 2>&1; then
        echo "fetch-assets: cannot read the $suite index from $mirror (see $state/update.log)" >&2
        exit 2
    fi
    touch "$stamp"
fi

sums=$debs/SHA256SUMS
touch "$sums"
for pkg in "$@"; do
    deb=$(ls "$debs/${pkg}_"*"_$arch.deb" "$debs/${pkg}_"*"_all.deb" 2>/dev/null | head -n 1 || true)
    if [ -z "$deb" ]; then
        # shellcheck disable=SC2086
        if ! (cd "$debs" && apt-get $apt_opts download "$pkg:$arch" >"$state/download.log" 2>&1 ||
              apt-get $apt_opts download "$pkg" >>"$state/download.log" 2>&1); then
            echo "fetch-assets: cannot download $pkg for $suite/$arch (see $state/download.log)" >&2
            exit 2
        fi
        deb=$(ls "$debs/${pkg}_"*.deb | head -n 1)
    fi
    name=$(basename "$deb")
    sum=$(sha256sum "$deb" | cut -d' ' -f1)
    known=$(awk -v n="$name" '$2 == n { print $1 }' "$sums")
    if [ -z "$known" ]; then
        echo "$sum $name" >> "$sums"
    elif [ "$known" != "$sum" ]; then
        echo "fetch-assets: $deb: sha256 mismatch (cache corrupted; delete it)" >&2
        exit 2
    fi
    dest=$unpacked/$pkg
    if [ ! -f "$dest/.unpacked-$sum" ]; then
        rm -rf "$dest"
        mkdir -p "$dest"
        dpkg-deb -x "$deb" "$dest"
        touch "$dest/.unpacked-$sum"
    fi
    echo "$dest"
done
