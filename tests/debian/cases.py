"""cases.py: the real-program tests, as data.

A case is a list of steps run in one fresh directory; each step is a guest
command line (argv[0] is a path inside the sysroot) with optional stdin.
The stdout of the steps, concatenated, must equal the case's expected text
exactly (or, for the few cases whose output is not deterministic, match
its regular expressions).  The expected texts were written from the
programs' documented behaviour and checked against the native amd64 build of
the same Debian version (debian-test.py --native prints that build's output).

Names of the form {python} in argv are replaced per architecture.
"""

# Per guest: Debian suite and architecture, the python binary, and the
# packages whose closure makes the sysroot.  riscv64 only exists from trixie.
ARCHES = {
    'aarch64': {
        'suite': 'bookworm', 'debarch': 'arm64', 'python': '/usr/bin/python3.11',
        'packages': ['busybox-static', 'coreutils', 'lua5.4', 'sqlite3',
                     'python3.11-minimal', 'libpython3.11-stdlib', 'openssl'],
    },
    'riscv64': {
        'suite': 'trixie', 'debarch': 'riscv64', 'python': '/usr/bin/python3.13',
        'packages': ['busybox-static', 'coreutils', 'lua5.4', 'sqlite3',
                     'python3.13-minimal', 'libpython3.13-stdlib', 'openssl'],
    },
    # Not a guest: the native build the expected texts were checked against.
    'x86_64': {
        'suite': 'bookworm', 'debarch': 'amd64', 'python': '/usr/bin/python3.11',
        'packages': ['busybox-static', 'coreutils', 'lua5.4', 'sqlite3',
                     'python3.11-minimal', 'libpython3.11-stdlib', 'openssl'],
    },
}

BB = '/usr/bin/busybox'

FRUIT = b'banana\napple\ncherry\napple\n'

# A 1 MiB file with no short period, generated the same way every run.
def gen_big():
    out = bytearray(1 << 20)
    x = 0x12345678
    for i in range(len(out)):
        x = (x * 1103515245 + 12345) & 0xffffffff
        out[i] = x >> 24
    return bytes(out)


BB_SCRIPT = r'''set -e
mkdir -p d/sub
printf 'banana\napple\ncherry\napple\n' > d/fruit.txt
echo "lines: $(wc -l < d/fruit.txt)"
sort d/fruit.txt | uniq -c | sed 's/^ *//'
sort -u d/fruit.txt | tr 'a-z' 'A-Z' | paste -s -d, -
grep -c apple d/fruit.txt
grep -n an d/fruit.txt
head -n 2 d/fruit.txt | tail -n 1
cut -c1-3 d/fruit.txt | rev
awk '{ n += length($0) } END { print "chars", n }' d/fruit.txt
seq 1 10 | awk '{ s += $1 * $1 } END { print s }'
expr 6 \* 7
echo $((123456789 * 987654321 % 1000003))
basename /a/b/c.txt .txt
dirname /a/b/c.txt
cp d/fruit.txt d/sub/copy.txt
mv d/sub/copy.txt d/sub/moved.txt
ls d/sub
cmp d/fruit.txt d/sub/moved.txt && echo same
md5sum < d/fruit.txt
sha1sum < d/fruit.txt
sha256sum < d/fruit.txt
sha512sum < d/fruit.txt
printf 'hello world' | base64
printf 'aGVsbG8gd29ybGQ=' | base64 -d; echo
printf 'abc\001' | hexdump -C
dd if=/dev/zero bs=1k count=64 2>/dev/null | gzip -9 | gunzip | wc -c
seq 1 2000 > d/nums
gzip -c d/nums > d/nums.gz
gunzip -c d/nums.gz | md5sum
find d -type f | sort
tar cf t.tar d
rm -r d
tar xf t.tar
tar tf t.tar | sort
wc -c < d/sub/moved.txt
echo one two three | xargs -n 1 echo item
test -d d && echo dir-ok
[ "$(echo abc | fold -w 1 | wc -l)" = 3 ] && echo fold-ok
printf '%5.2f|%-4s|%x\n' 3.14159 ab 255
yes | head -n 3
i=0; while [ $i -lt 5 ]; do i=$((i + 1)); done; echo "loop $i"
case foo.c in *.c) echo c-file;; *) echo other;; esac
f() { echo "func $1 $#"; }; f a b c
echo done
'''

LUA_SCRIPT = r'''
local t = {}
for i = 1, 10 do t[#t + 1] = i * i end
print(table.concat(t, ","))
print(string.format("%.6f %d %x %q", math.pi, 7 // 2, 255, "a\nb"))
print(math.maxinteger, math.mininteger, math.maxinteger + 1 == math.mininteger)
print(7 // 2, -7 // 2, 7 % -3, 2^10, 7 / 2, 1e15, 2^53 + 1.0)
print(math.floor(-3.5), math.ceil(-3.5), math.fmod(-7, 3), math.abs(-0.0))
print(string.rep("ab", 3, "-"), ("hello"):upper(), ("x=1, y=22"):match("y=(%d+)"))
local words = {}
for w in ("the quick brown fox jumps"):gmatch("%a+") do words[#words + 1] = w end
table.sort(words)
print(table.concat(words, " "))
print(select("#", 1, nil, 3), select(2, "a", "b", "c"))
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print("fib", fib(25))
local co = coroutine.wrap(function(a) local b = coroutine.yield(a + 1); print("co got", b); return "end" end)
print(co(1)); print(co(10))
local ok, err = pcall(function() error({code = 42}) end)
print(ok, type(err), err.code)
print(pcall(error, "msg", 0))
local mt = {__add = function(a, b) return a.v + b.v end, __tostring = function(s) return "V(" .. s.v .. ")" end}
local a, b = setmetatable({v = 2}, mt), setmetatable({v = 3}, mt)
print(a + b, tostring(a))
print(string.pack("<i4d", -2, 1.5):byte(1, -1))
print(string.unpack(">I2", "\1\2"), utf8.char(233, 8364), utf8.len("h\u{e9}llo"))
print(tostring(1/0), tostring(-1/0), tostring(0/0) == tostring(0/0), 3 | 5, 3 ~ 5, ~0, 1 << 62)
print(#arg, arg[0] ~= nil)
local s = 0
for i = 1, 1000000 do s = s + (i % 7) * (i & 3) end
print("sum", s)
print(string.format("%5.1f|%-5s|%05d", 3.14159, "ab", 42))
print(os.time({year = 2000, month = 1, day = 1, hour = 0}))
print(collectgarbage("count") > 0)
'''

SQL_SCRIPT = r'''
CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, v REAL);
BEGIN;
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000)
INSERT INTO t(name, v) SELECT printf('n%05d', x), x * 0.5 FROM c;
COMMIT;
SELECT count(*), sum(v), min(name), max(name) FROM t;
CREATE INDEX tv ON t(v);
SELECT id, name FROM t WHERE v BETWEEN 100 AND 102 ORDER BY id;
SELECT id % 7 AS k, count(*) FROM t GROUP BY k ORDER BY k;
SELECT upper('abc'), length('h' || char(233) || 'llo'), substr('abcdef', 2, 3), hex('AZ');
SELECT json_object('a', 1, 'b', json_array(1, 2, 3));
SELECT printf('%.3f', avg(v)), printf('%e', 12345.678), 7 / 2, 7 / 2.0, -7 % 3 FROM t;
SELECT group_concat(name, ',') FROM (SELECT name FROM t ORDER BY v DESC LIMIT 3);
UPDATE t SET v = v * 2 WHERE id % 2 = 0;
DELETE FROM t WHERE id > 9990;
SELECT count(*), total(v) FROM t;
SELECT name FROM t WHERE name LIKE 'n0999%' ORDER BY name DESC LIMIT 2;
SELECT abs(-9223372036854775807), 9223372036854775807 + 0, round(2.5), round(-2.5), cast('12abc' AS INTEGER);
PRAGMA integrity_check;
'''

PY_SCRIPT = r'''
import binascii, collections, decimal, fractions, hashlib, json, math, random, re, struct, zlib
print(hashlib.sha256(b"abc").hexdigest())
print(hashlib.md5(b"The quick brown fox jumps over the lazy dog").hexdigest())
print(hashlib.sha1(b"x" * 100000).hexdigest())
print(hashlib.sha512(b"x" * 1000).hexdigest()[:32])
print(hashlib.blake2b(b"crossemu", digest_size=16).hexdigest())
print(hashlib.sha3_256(b"").hexdigest())
d = {"name": "crossemu", "list": [1, 2.5, None, True], "nested": {"k": "v\u00e9"}}
s = json.dumps(d, sort_keys=True)
print(s)
print(json.loads(s) == d, json.loads("[1e400, -0.0, 12345678901234567890]"))
print(re.findall(r"(\w+)@(\w+)\.com", "a@b.com, cc@dd.com x@y.org"))
print(re.sub(r"\d+", lambda m: str(int(m.group()) * 2), "a1 b22 c333"))
print(re.match(r"^(?P<y>\d{4})-(?P<m>\d\d)$", "2024-05").groupdict())
# IEEE-exact operations at full precision; libm's transcendental functions
# to 13 digits, since glibc may pick another (equally accurate) variant per
# host CPU.
print(math.sqrt(2), math.pi, math.e, math.fsum([0.1] * 10), 0.1 * 3, 2.0 ** -1074, 1e16 + 1.0)
print(math.fma(2.0, 3.0, 1e-17) if hasattr(math, "fma") else 6.0, math.floor(-2.5), math.trunc(-2.5), math.fmod(-7.5, 2))
print(" ".join("%.13g" % f for f in (math.sin(1.0), math.log(10), math.exp(1.5), math.lgamma(10.5),
      math.erf(0.5), math.atan2(1, -1), math.hypot(3, 4), math.cos(1e10), math.tan(0.5),
      math.log2(3), math.log1p(1e-10), math.pow(2.5, 3.7), math.asinh(1.0))))
print(math.factorial(30), 2 ** 200 % 1000000007, pow(3, 10 ** 6, 10 ** 9 + 7), (1 << 100) // 12345)
print(struct.pack("<iqd", -2, 1 << 40, 1.5).hex(), struct.unpack(">f", b"\x40\x49\x0f\xdb")[0])
print(zlib.crc32(b"hello world"), binascii.crc32(b"x" * 1000), binascii.hexlify(b"\x00\xff").decode())
blob = bytes(range(256)) * 100
print(zlib.decompress(zlib.compress(blob, 9)) == blob)
print(decimal.Decimal(1) / decimal.Decimal(7), decimal.Decimal("1.1") + decimal.Decimal("2.2"))
print(fractions.Fraction(3, 4) + fractions.Fraction(5, 6))
random.seed(42)
print([random.randint(0, 100) for _ in range(5)])
print(sorted(collections.Counter("mississippi").items()))
print(float("1e308") * 10, -0.0, 1 / 3, round(2.5), round(0.125, 2), 1e-320, float.fromhex("0x1.fp3"))
print("%.17g" % (0.1 + 0.2), format(1234567.891, ",.2f"), int("ff", 16), hex(-255), 10 ** 20 / 3)
print(sum(i * i for i in range(200000)))
print(sorted({3: "c", 1: "a", 2: "b"}.items(), key=lambda kv: kv[1], reverse=True))
print("caf\u00e9".encode("utf-8"), b"caf\xc3\xa9".decode("utf-8").upper())
'''

PY_THREADS = r'''
import hashlib, queue, threading
q = queue.Queue()
lock = threading.Lock()
total = [0]
def work(i):
    h = hashlib.sha256()
    for j in range(2000):
        h.update(b"%d-%d" % (i, j))
    with lock:
        total[0] += 1
    q.put((i, h.hexdigest()[:16]))
ts = [threading.Thread(target=work, args=(i,)) for i in range(8)]
for t in ts:
    t.start()
for t in ts:
    t.join()
for r in sorted(q.get() for _ in range(8)):
    print(*r)
print("threads", total[0], threading.active_count())
'''

PY_SUBPROCESS = r'''
import os, subprocess, sys
p = subprocess.run(["/usr/bin/busybox", "sh", "-c", "echo from-child; exit 3"],
                   stdout=subprocess.PIPE)
print(p.returncode, p.stdout.decode().strip())
p = subprocess.run(["/usr/bin/sort", "-r"], input=b"a\nc\nb\n", stdout=subprocess.PIPE)
print(p.returncode, p.stdout.decode().split())
r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(r)
    os.write(w, b"hello from fork")
    os._exit(7)
os.close(w)
data = os.read(r, 100)
_, st = os.waitpid(pid, 0)
print(data.decode(), os.WEXITSTATUS(st))
'''

KEY = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'
IV = 'f0e0d0c0b0a090807060504030201000'


def ossl_digests():
    steps = []
    for alg in ('sha256', 'sha1', 'sha512', 'md5', 'sha3-256', 'sha384'):
        steps.append({'argv': ['/usr/bin/openssl', 'dgst', '-' + alg, 'big.bin', 'small.txt']})
    steps.append({'argv': ['/usr/bin/openssl', 'dgst', '-sha256'], 'stdin': FRUIT})
    # MACs: GMAC is GHASH (PMULL on arm64), CMAC is AES, HMAC is SHA-256.
    mac = ['/usr/bin/openssl', 'mac', '-in', 'big.bin']
    steps.append({'argv': mac + ['-cipher', 'AES-128-GCM', '-macopt', 'hexkey:' + KEY[:32],
                                 '-macopt', 'hexiv:' + IV[:24], 'GMAC']})
    steps.append({'argv': mac + ['-cipher', 'AES-256-CBC', '-macopt', 'hexkey:' + KEY, 'CMAC']})
    steps.append({'argv': mac + ['-digest', 'SHA256', '-macopt', 'hexkey:' + KEY, 'HMAC']})
    return steps


def ossl_enc():
    steps = []
    for cipher, key, iv in (('aes-256-cbc', KEY, IV), ('aes-128-ctr', KEY[:32], IV),
                            ('aes-192-ecb', KEY[:48], None), ('chacha20', KEY, IV)):
        k = ['-K', key] + (['-iv', iv] if iv else [])
        steps.append({'argv': ['/usr/bin/openssl', 'enc', '-' + cipher] + k +
                      ['-in', 'big.bin', '-out', 'c.bin']})
        steps.append({'argv': ['/usr/bin/openssl', 'dgst', '-sha256', 'c.bin']})
        steps.append({'argv': ['/usr/bin/openssl', 'enc', '-d', '-' + cipher] + k +
                      ['-in', 'c.bin', '-out', 'p.bin']})
        steps.append({'argv': ['/usr/bin/openssl', 'dgst', '-sha256', 'p.bin']})
    # Password-based, with a fixed salt: PBKDF2 (HMAC-SHA256) then AES.
    steps.append({'argv': ['/usr/bin/openssl', 'enc', '-aes-256-cbc', '-pbkdf2', '-iter', '1000',
                           '-S', '0102030405060708', '-pass', 'pass:crossemu', '-a',
                           '-in', 'small.txt', '-out', 's.b64']})
    steps.append({'cat': 's.b64'})
    steps.append({'argv': ['/usr/bin/openssl', 'enc', '-d', '-aes-256-cbc', '-pbkdf2', '-iter',
                           '1000', '-S', '0102030405060708', '-pass', 'pass:crossemu', '-a',
                           '-in', 's.b64']})
    # A wrong password: "bad decrypt", exit status 1.
    steps.append({'argv': ['/usr/bin/openssl', 'enc', '-d', '-aes-256-cbc', '-pbkdf2', '-iter',
                           '1000', '-S', '0102030405060708', '-pass', 'pass:wrong', '-a',
                           '-in', 's.b64', '-out', 'w.bin'],
                  'rc': 1})
    return steps


def ossl_speed():
    return [{'argv': ['/usr/bin/openssl', 'speed', '-seconds', '1', '-bytes', '4096', alg]}
            for alg in ('sha256',)] + \
           [{'argv': ['/usr/bin/openssl', 'speed', '-seconds', '1', '-bytes', '4096',
                      '-evp', 'aes-128-gcm']}]


FILES_OSSL = {'big.bin': gen_big, 'small.txt': FRUIT}

# name -> case.  'interp': also run under the interpreter back end (off
# where that is slow for little gain: python and python-subprocess (35-40 s
# each; both pass), openssl speed (timed), and the OPENSSL_armcap=0
# variants, whose plain-NEON code the JIT runs and whose default-path twins
# the interpreter runs);
# 'arches': the guests it runs on (default all); 'env': extra environment.
CASES = {
    'busybox-echo': {'steps': [{'argv': [BB, 'echo', 'hello', 'world']}]},
    'busybox-sh-pipe': {'steps': [{'argv': [BB, 'sh', '-c',
                                            'echo "b a c" | tr " " "\\n" | sort | tr "\\n" ,; echo; '
                                            'echo $(( $(seq 1 100 | wc -l) * 2 ))']}]},
    'busybox-sort': {'steps': [{'argv': [BB, 'sort', '-n'], 'stdin': b'10\n9\n-3\n100\n2.5\n'},
                               {'argv': [BB, 'sort', '-t,', '-k2,2r'], 'stdin': b'a,1\nb,3\nc,2\n'},
                               {'argv': [BB, 'sort', '-u'], 'stdin': FRUIT}]},
    'busybox-sums': {'steps': [{'argv': [BB, alg], 'stdin': b'The quick brown fox jumps over the lazy dog'}
                               for alg in ('md5sum', 'sha1sum', 'sha256sum', 'sha512sum')] +
                              [{'argv': [BB, 'sha256sum', 'big.bin']},
                               {'argv': [BB, 'md5sum', 'big.bin']},
                               {'argv': [BB, 'sha3sum', '-a', '256', 'big.bin']}],
                     'files': {'big.bin': gen_big}},
    'busybox-text': {'steps': [{'argv': [BB, 'wc'], 'stdin': FRUIT},
                               {'argv': [BB, 'sed', '-e', 's/an/AN/g', '-e', '/cherry/d'], 'stdin': FRUIT},
                               {'argv': [BB, 'awk', '-F', ',',
                                         '{ s += $2; n[$1]++ } END { printf "%d %.2f %d\\n", s, s / NR, length(n) }'],
                                'stdin': b'a,1.5\nb,2\na,3.25\n'}]},
    'busybox-tar': {'steps': [{'argv': [BB, 'sh', '-c',
                                        'mkdir -p src/x && printf abc > src/a && cp big.bin src/x/ && '
                                        'tar czf t.tgz src && rm -r src && tar xzf t.tgz && '
                                        'tar tzf t.tgz | sort && cat src/a && echo && '
                                        'sha256sum src/x/big.bin && cmp big.bin src/x/big.bin && echo same']}],
                    'files': {'big.bin': gen_big}},
    'busybox-script': {'steps': [{'argv': [BB, 'sh', 'script.sh']}],
                       'files': {'script.sh': BB_SCRIPT.encode()}},
    # A static shell spawning dynamic foreign programs through PATH and by path.
    'sh-spawn': {'steps': [{'argv': [BB, 'sh', '-c',
                                     'printf "3\\n1\\n2\\n" | /usr/bin/sort -r | /usr/bin/tr "\\n" " "; echo; '
                                     'sha256sum() { /usr/bin/sha256sum "$@"; }; echo x | sha256sum; '
                                     'lua5.4 -e "print(6*7)"; echo "select 1+1;" | sqlite3; '
                                     '/usr/bin/env X=1 /usr/bin/sh -c "echo \\$X"; '
                                     '(exit 5); echo "status $?"']}],
                 'env': {'PATH': '/usr/bin:/bin'}},
    'coreutils-sums': {'steps': [{'argv': ['/usr/bin/sha256sum', 'big.bin', 'small.txt']},
                                 {'argv': ['/usr/bin/sha512sum', 'small.txt']},
                                 {'argv': ['/usr/bin/md5sum', 'big.bin']},
                                 {'argv': ['/usr/bin/b2sum', 'small.txt']},
                                 {'argv': ['/usr/bin/cksum', 'big.bin']}],
                       'files': FILES_OSSL},
    'coreutils-sort': {'steps': [{'argv': ['/usr/bin/sort', '-n'], 'stdin': b'10\n9\n-3\n100\n2.5\n1e3\n'},
                                 {'argv': ['/usr/bin/sort', '-t,', '-k2,2nr', '-k1,1'],
                                  'stdin': b'a,1\nb,3\nc,2\nd,3\n'},
                                 {'argv': ['/usr/bin/sort', '-u'], 'stdin': FRUIT},
                                 {'argv': ['/usr/bin/sort', '-g'], 'stdin': b'1e2\n-0.5\n3\n0x10\n'}],
                       'env': {'LC_ALL': 'C'}},
    'coreutils-seq': {'steps': [{'argv': ['/usr/bin/seq', '1', '3', '20']},
                                {'argv': ['/usr/bin/seq', '-f', '%.3f', '0', '0.25', '1']},
                                {'argv': ['/usr/bin/seq', '-s,', '-w', '8', '12']},
                                {'argv': ['/usr/bin/seq', '18446744073709551614', '18446744073709551616']}]},
    'coreutils-factor': {'steps': [{'argv': ['/usr/bin/factor', '1', '2', '97', '600851475143',
                                             '18446744073709551615', '9999999967', '1000000016000000063',
                                             '18446744073709551617', '170141183460469231731687303715884105727',
                                             '1208925819614629174706189']}]},
    'coreutils-misc': {'steps': [{'argv': ['/usr/bin/date', '-u', '-d', '@1234567890', '+%F %T %j %a']},
                                 {'argv': ['/usr/bin/printf', '%5.2f|%x|%s\\n', '3.14159', '255', 'ok']},
                                 {'argv': ['/usr/bin/tr', 'a-z', 'A-Z'], 'stdin': b'hello\n'},
                                 {'argv': ['/usr/bin/wc'], 'stdin': FRUIT},
                                 {'argv': ['/usr/bin/tac'], 'stdin': FRUIT},
                                 {'argv': ['/usr/bin/cat', '-n', 'small.txt']},
                                 {'argv': ['/usr/bin/od', '-An', '-tx1', '-N8', 'big.bin']},
                                 {'argv': ['/usr/bin/stat', '-c', '%s %F', 'big.bin']},
                                 {'argv': ['/usr/bin/expr', '123456789', '*', '1000']},
                                 {'argv': ['/usr/bin/ls', '-1', '.']},
                                 {'argv': ['/usr/bin/head', '-c', '5', 'small.txt']},
                                 {'argv': ['/usr/bin/echo']},
                                 {'argv': ['/usr/bin/numfmt', '--to=iec', '1048576', '123456789']},
                                 {'argv': ['/usr/bin/basename', '/a/b/c.txt', '.txt']}],
                       'files': FILES_OSSL, 'env': {'LC_ALL': 'C', 'TZ': 'UTC'}},
    'lua': {'steps': [{'argv': ['/usr/bin/lua5.4', 'test.lua']}],
            'files': {'test.lua': LUA_SCRIPT.encode()}, 'env': {'TZ': 'UTC'}},
    'sqlite3': {'steps': [{'argv': ['/usr/bin/sqlite3', 'test.db'], 'stdin': SQL_SCRIPT.encode()},
                          {'argv': ['/usr/bin/sqlite3', 'test.db', 'SELECT count(*) FROM t;']}]},
    'python': {'steps': [{'argv': ['{python}', 'test.py']}],
               'files': {'test.py': PY_SCRIPT.encode()}, 'interp': False},
    # Threads under the interpreter too (about 25 s): the other python cases
    # pass there as well but take 35-40 s each, for no syscall coverage the
    # JIT runs do not already give.
    'python-threads': {'steps': [{'argv': ['{python}', 'test.py']}],
                       'files': {'test.py': PY_THREADS.encode()}},
    'python-subprocess': {'steps': [{'argv': ['{python}', 'test.py']}],
                          'files': {'test.py': PY_SUBPROCESS.encode()}, 'interp': False},
    'openssl-dgst': {'steps': ossl_digests(), 'files': FILES_OSSL},
    'openssl-dgst-armcap0': {'steps': ossl_digests(), 'files': FILES_OSSL,
                             'env': {'OPENSSL_armcap': '0'}, 'arches': ['aarch64', 'x86_64'],
                             'interp': False},
    'openssl-enc': {'steps': ossl_enc(), 'files': FILES_OSSL},
    'openssl-enc-armcap0': {'steps': ossl_enc(), 'files': FILES_OSSL,
                            'env': {'OPENSSL_armcap': '0'}, 'arches': ['aarch64', 'x86_64'],
                            'interp': False},
    'openssl-speed': {'steps': ossl_speed(), 'interp': False,
                      'match': [r'(?m)^sha256 +[0-9.]+k$', r'(?m)^AES-128-GCM +[0-9.]+k$']},
    'openssl-speed-armcap0': {'steps': ossl_speed(), 'interp': False,
                              'env': {'OPENSSL_armcap': '0'}, 'arches': ['aarch64', 'x86_64'],
                              'match': [r'(?m)^sha256 +[0-9.]+k$', r'(?m)^AES-128-GCM +[0-9.]+k$']},
}
