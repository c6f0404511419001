#!/usr/bin/env python3
"""make-sysroot.py: a guest sysroot made of Debian packages, for `crossemu -L`.

usage: tests/debian/make-sysroot.py [--fetch scripts/fetch-assets.sh]
                                    SUITE ARCH PACKAGE...

Downloads PACKAGE... and their dependency closure (Depends and Pre-Depends,
resolved against the same private apt state that scripts/fetch-assets.sh
keeps; no Recommends) through scripts/fetch-assets.sh, and merges the
unpacked packages into one directory, the way a Debian system with merged
/usr looks: /bin, /sbin, /lib* move under /usr and become relative symlinks,
and every absolute symlink is rewritten to a relative one so that it resolves
inside the sysroot, not on the host.  Maintainer scripts are not run.

Prints the sysroot directory ($CACHE/sysroots/SUITE-ARCH-<hash>, where the
hash covers the exact .deb files), reused when it already exists.  Concurrent
callers are serialised with a lock in the cache (fetch-assets.sh itself is
not safe to run twice at once).

Exit status: 0 success, 2 the archive cannot be reached or a package is
unknown (fetch-assets.sh's own code, passed on: tests then skip), 1 other
errors.
"""
import argparse
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_FETCH = os.path.join(HERE, '..', '..', 'scripts', 'fetch-assets.sh')

# Packages that appear in dependency closures only for installation-time
# work (maintainer scripts, package management, configuration data) that a
# sysroot used to run programs never needs.  Leaving them out keeps dpkg,
# perl and their own closures out of every sysroot.
SKIP = {
    'debconf', 'debconf-2.0', 'cdebconf', 'dpkg', 'install-info', 'perl-base',
    'tzdata', 'media-types', 'mime-support', 'netbase', 'ca-certificates',
    'init-system-helpers', 'lsb-base', 'sysvinit-utils', 'usrmerge',
    'usr-is-merged', 'libc-bin', 'sensible-utils', 'debianutils',
}

MERGED = ('bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32')


def cache_dir():
    c = os.environ.get('CROSSEMU_ASSET_CACHE')
    if c:
        return c
    return os.path.join(os.environ.get('HOME') or '/root', '.cache', 'crossemu-assets')


def apt_opts(cache, suite, arch):
    """The options fetch-assets.sh gives apt, so that we read its state."""
    st = os.path.join(cache, 'apt-' + suite)
    return ['-q',
            '-o', 'Dir::Etc::SourceList=%s/sources.list' % st,
            '-o', 'Dir::Etc::SourceParts=/dev/null',
            '-o', 'Dir::State::Lists=%s/lists' % st,
            '-o', 'Dir::Cache=%s/cache' % st,
            '-o', 'Dir::State::status=%s/status' % st,
            '-o', 'APT::Architectures=' + arch,
            '-o', 'APT::Architecture=' + arch,
            '-o', 'Debug::NoLocking=1']


def repair_state(cache, suite, arch):
    """fetch-assets.sh keeps one apt state per suite but a stamp per
    architecture; `apt-get update` for a second architecture deletes the
    first one's index (List-Cleanup) while its stamp stays fresh.  Removing
    the stamp makes fetch-assets.sh read the index again."""
    st = os.path.join(cache, 'apt-' + suite)
    stamp = os.path.join(st, 'updated-' + arch)
    lists = os.path.join(st, 'lists')
    if os.path.exists(stamp):
        have = os.path.isdir(lists) and any(
            ('binary-%s_Packages' % arch) in n for n in os.listdir(lists))
        if not have:
            os.unlink(stamp)


def apt_env(cache):
    """The environment for apt and fetch-assets.sh: List-Cleanup off, so
    that updating one architecture's index keeps the others' (APT_CONFIG is
    read on top of the machine's configuration, which stays untouched)."""
    conf = os.path.join(cache, 'apt-keep-lists.conf')
    if not os.path.exists(conf):
        with open(conf + '.tmp', 'w') as f:
            f.write('APT::Get::List-Cleanup "false";\n')
        os.rename(conf + '.tmp', conf)
    env = dict(os.environ)
    env['APT_CONFIG'] = conf
    return env


def fetch(script, cache, suite, arch, pkgs):
    p = subprocess.run(['sh', script, suite, arch] + list(pkgs), env=apt_env(cache),
                       stdout=subprocess.PIPE, universal_newlines=True)
    if p.returncode != 0:
        sys.exit(2 if p.returncode == 2 else 1)
    dirs = p.stdout.split()
    if len(dirs) != len(pkgs):
        sys.stderr.write('make-sysroot: fetch-assets.sh printed %d directories for %d packages\n'
                         % (len(dirs), len(pkgs)))
        sys.exit(1)
    return dict(zip(pkgs, dirs))


def read_index(cache, suite, arch):
    """Package name -> its stanza (a dict), and virtual name -> providers."""
    p = subprocess.run(['apt-cache'] + apt_opts(cache, suite, arch) + ['dumpavail'],
                       env=apt_env(cache), stdout=subprocess.PIPE, universal_newlines=True)
    if p.returncode != 0:
        sys.stderr.write('make-sysroot: apt-cache dumpavail failed\n')
        sys.exit(2)
    pkgs, provides = {}, {}
    for stanza in p.stdout.split('\n\n'):
        fields, last = {}, None
        for line in stanza.split('\n'):
            if not line:
                continue
            if line[0] in ' \t':
                if last:
                    fields[last] += '\n' + line
                continue
            k, _, v = line.partition(':')
            last = k
            fields[k] = v.strip()
        name = fields.get('Package')
        if not name or fields.get('Architecture') not in (arch, 'all'):
            continue
        pkgs[name] = fields
        for prov in split_list(fields.get('Provides', '')):
            provides.setdefault(prov[0][0], []).append(name)
    return pkgs, provides


def split_list(text):
    """'a (>= 1) | b, c:any' -> [[('a',...), ('b',...)], [('c',...)]]; names only."""
    out = []
    for group in text.split(','):
        alts = []
        for alt in group.split('|'):
            alt = alt.strip()
            if not alt:
                continue
            name = alt.split()[0].split('(')[0]
            name = name.split(':')[0]
            alts.append((name, alt))
        if alts:
            out.append(alts)
    return out


def closure(roots, pkgs, provides):
    want, todo = [], list(roots)
    seen = set()
    while todo:
        name = todo.pop(0)
        if name in seen:
            continue
        seen.add(name)
        if name not in pkgs:
            sys.stderr.write('make-sysroot: package %s is not in the index\n' % name)
            sys.exit(2)
        want.append(name)
        f = pkgs[name]
        for field in ('Pre-Depends', 'Depends'):
            for alts in split_list(f.get(field, '')):
                names = [a[0] for a in alts]
                if any(n in SKIP for n in names):
                    continue
                if any(n in seen or n in todo for n in names):
                    continue
                pick = None
                for n in names:
                    if n in pkgs:
                        pick = n
                        break
                    if provides.get(n):
                        pick = sorted(provides[n])[0]
                        break
                if pick is None:
                    sys.stderr.write('make-sysroot: %s: cannot satisfy "%s"\n'
                                     % (name, ' | '.join(a[1] for a in alts)))
                    sys.exit(1)
                if pick not in SKIP:
                    todo.append(pick)
    return want


def merged_path(rel):
    """'lib/x/y' -> 'usr/lib/x/y': the path inside a merged-/usr sysroot."""
    parts = rel.split('/')
    if parts and parts[0] in MERGED:
        return 'usr/' + rel
    return rel


def place(src_root, dest_root):
    """Merge one unpacked package into the sysroot."""
    for dirpath, dirnames, filenames in os.walk(src_root):
        rel_dir = os.path.relpath(dirpath, src_root)
        rel_dir = '' if rel_dir == '.' else rel_dir
        for name in dirnames + filenames:
            src = os.path.join(dirpath, name)
            rel = os.path.join(rel_dir, name) if rel_dir else name
            if rel_dir == '' and name.startswith('.unpacked-'):
                continue
            dst_rel = merged_path(rel)
            dst = os.path.join(dest_root, dst_rel)
            if os.path.islink(src):
                target = os.readlink(src)
                if not target.startswith('/'):
                    # Resolve against the package's layout, then re-express
                    # relative to where the link lands after the merge.
                    target = '/' + os.path.normpath(os.path.join(rel_dir, target))
                    if target.startswith('//'):
                        target = target[1:]
                mt = merged_path(os.path.normpath(target).lstrip('/'))
                newt = os.path.relpath(os.path.join(dest_root, mt), os.path.dirname(dst))
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                if os.path.lexists(dst):
                    os.unlink(dst)
                os.symlink(newt, dst)
            elif os.path.isdir(src):
                # A directory walked into below; a symlink by the same name
                # from an earlier package would be walked through, so replace
                # it (merged /usr makes that case rare).
                if os.path.islink(dst):
                    os.unlink(dst)
                os.makedirs(dst, exist_ok=True)
            else:
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                if os.path.lexists(dst):
                    os.unlink(dst)
                try:
                    os.link(src, dst)
                except OSError:
                    shutil.copy2(src, dst)


def build(dest, dirs):
    tmp = dest + '.tmp-%d' % os.getpid()
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(os.path.join(tmp, 'usr'))
    for pkg in sorted(dirs):
        place(dirs[pkg], tmp)
    for top in MERGED:
        if os.path.isdir(os.path.join(tmp, 'usr', top)):
            os.symlink('usr/' + top, os.path.join(tmp, top))
    for d in ('etc', 'tmp'):
        os.makedirs(os.path.join(tmp, d), exist_ok=True)
    shutil.rmtree(dest, ignore_errors=True)
    os.rename(tmp, dest)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--fetch', default=DEFAULT_FETCH)
    ap.add_argument('suite')
    ap.add_argument('arch')
    ap.add_argument('packages', nargs='+')
    a = ap.parse_args()

    cache = cache_dir()
    os.makedirs(os.path.join(cache, 'sysroots'), exist_ok=True)
    # A request already answered today is answered again without apt, so
    # that each test costs milliseconds; once a day (when fetch-assets.sh
    # refreshes the index) the closure is resolved and checked again.
    req = hashlib.sha256(('%s %s %s' % (a.suite, a.arch, ' '.join(sorted(a.packages)))).encode())
    req_file = os.path.join(cache, 'sysroots', 'request-' + req.hexdigest()[:16])
    # When the archive was found unreachable a moment ago, the next tests
    # (dozens of them) answer at once instead of each waiting for apt to
    # time out; a sysroot built earlier is still used then.
    down = os.path.join(cache, '.unreachable-%s-%s' % (a.suite, a.arch))
    with open(os.path.join(cache, '.sysroot.lock'), 'w') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        old = None
        try:
            with open(req_file) as f:
                dest = f.read().strip()
            if os.path.isfile(os.path.join(dest, '.complete')):
                old = dest
                if time.time() - os.path.getmtime(req_file) < 86400:
                    print(dest)
                    return
        except OSError:
            pass
        try:
            recently_down = time.time() - os.path.getmtime(down) < 600
        except OSError:
            recently_down = False
        if recently_down:
            if old:
                print(old)
                return
            sys.stderr.write('make-sysroot: the %s/%s archive was unreachable less than 10 '
                             'minutes ago (%s)\n' % (a.suite, a.arch, down))
            sys.exit(2)
        try:
            dest = resolve_and_build(a, cache)
        except SystemExit as e:
            if e.code != 2:
                raise
            with open(down, 'w') as f:
                f.write('%d\n' % time.time())
            if old:
                sys.stderr.write('make-sysroot: archive unreachable, using the sysroot built '
                                 'earlier: %s\n' % old)
                print(old)
                return
            raise
        try:
            os.unlink(down)
        except OSError:
            pass
        with open(req_file + '.tmp', 'w') as f:
            f.write(dest + '\n')
        os.rename(req_file + '.tmp', req_file)
    print(dest)


def resolve_and_build(a, cache):
    """Resolve the closure against a fresh index, fetch it, build the sysroot; its path."""
    repair_state(cache, a.suite, a.arch)
    # The first fetch brings the index up to date.
    fetch(a.fetch, cache, a.suite, a.arch, a.packages[:1])
    pkgs, provides = read_index(cache, a.suite, a.arch)
    names = closure(a.packages, pkgs, provides)
    dirs = fetch(a.fetch, cache, a.suite, a.arch, names)
    key = hashlib.sha256()
    for n in sorted(names):
        key.update(('%s=%s\n' % (n, pkgs[n].get('Version', ''))).encode())
    dest = os.path.join(cache, 'sysroots', '%s-%s-%s' % (a.suite, a.arch, key.hexdigest()[:16]))
    if not os.path.isfile(os.path.join(dest, '.complete')):
        build(dest, dirs)
        with open(os.path.join(dest, '.complete'), 'w') as f:
            f.write(''.join('%s %s\n' % (n, pkgs[n].get('Version', '')) for n in sorted(names)))
    return dest


if __name__ == '__main__':
    main()
