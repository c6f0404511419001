#!/usr/bin/env python3
#
# test-decode-random.py: compare the generated decision tree with what the
# pattern files mean, on many instruction words.
#
# The first trans_* a decoder calls for a word must be the first pattern, in
# file order, whose fixed bits match the word (siblings outside {} groups
# cannot overlap, and inside {} groups members are tried in order).  That
# rule is computed here straight from the parsed patterns, then checked
# against `test-decode-run --trace32/--trace16`, which runs the real decoders.
#
# Usage: test-decode-random.py --generator decode.py --run test-decode-run DIR

import argparse
import importlib.util
import os
import random
import subprocess
import sys


def load_generator(path):
    spec = importlib.util.spec_from_file_location('decode_gen', path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def parse(gen, width, decls, path):
    p = gen.Parser(width)
    for d in decls:
        p.read_file(d, True)
    p.read_file(path, False)
    if p.errors:
        sys.exit('\n'.join(p.errors))
    return p


def words(patterns, width, n, rng):
    """Random words, most of them built to hit (or nearly hit) a pattern."""
    allmask = (1 << width) - 1
    out = []
    for i in range(n):
        w = rng.getrandbits(width)
        if i % 4:
            p = rng.choice(patterns)
            w = (w & ~p.fixedmask) | p.fixedbits
            if i % 4 == 3:
                w ^= 1 << rng.randrange(width)      # near miss
        out.append(w & allmask)
    # Special words: all zeros, all ones, every pattern's exact fixed bits.
    out += [0, allmask] + [p.fixedbits for p in patterns]
    return out


def check(gen, args, width, decls, path, flag, n, rng):
    p = parse(gen, width, decls, path)
    leaves = p.root.leaves()        # file order
    ws = words(leaves, width, n, rng)
    want = []
    for w in ws:
        name = '-'
        for q in leaves:
            if w & q.fixedmask == q.fixedbits:
                name = q.name
                break
        want.append(name)
    r = subprocess.run([args.run, flag], input=''.join('%x\n' % w for w in ws),
                       stdout=subprocess.PIPE, universal_newlines=True)
    got = r.stdout.split()
    if r.returncode != 0 or len(got) != len(ws):
        print('%s: trace run failed (status %d, %d lines)'
              % (flag, r.returncode, len(got)))
        return 1
    bad = [(w, g, x) for w, g, x in zip(ws, got, want) if g != x]
    for w, g, x in bad[:20]:
        print('%s 0x%0*x: decoder called %s first, patterns say %s'
              % (flag, width // 4, w, g, x))
    print('%s: %d words, %d mismatches' % (flag, len(ws), len(bad)))
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--generator', required=True)
    ap.add_argument('--run', required=True)
    ap.add_argument('--count', type=int, default=20000)
    ap.add_argument('--seed', type=int, default=None)
    ap.add_argument('dir')
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 32)
    print('seed %d' % seed)
    rng = random.Random(seed)
    gen = load_generator(args.generator)
    d = args.dir
    t32 = os.path.join(d, 'test-decode.decode')
    t16 = os.path.join(d, 'test-decode16.decode')
    fails = check(gen, args, 32, [], t32, '--trace32', args.count, rng)
    fails += check(gen, args, 16, [t32], t16, '--trace16', args.count, rng)
    return 1 if fails else 0


if __name__ == '__main__':
    sys.exit(main())
