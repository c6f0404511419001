#!/usr/bin/env python3
"""run-tests.py: summarise a `meson test` run from its testlog.json.

usage: scripts/run-tests.py [build/meson-logs/testlog.json]

Prints the failed tests, the counts per suite, and as its LAST line exactly
"N passed, N failed" (with ", N skipped" when some were skipped).  Exit status
1 if any test failed (FAIL, TIMEOUT, ERROR, UNEXPECTEDPASS) or the log is
missing, else 0.  `make check` calls it after `meson test`.
"""
import json
import sys

PASS = {"OK", "EXPECTEDFAIL"}
SKIP = {"SKIP"}


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "build/meson-logs/testlog.json"
    try:
        with open(path) as f:
            lines = [l for l in f if l.strip()]
    except OSError as e:
        print("run-tests: cannot read %s: %s" % (path, e))
        print("0 passed, 1 failed")
        return 1

    passed, failed, skipped = [], [], []
    suites = {}
    for line in lines:
        try:
            t = json.loads(line)
        except ValueError:
            continue
        name, result = t.get("name", "?"), t.get("result", "ERROR")
        # "project:suite1+suite2 / test": the first suite names the group.
        suite = t.get("suite")
        if suite:
            suite = suite[0].split(":")[-1]
        elif " / " in name:
            suite = name.split(" / ")[0].split(":")[-1].split("+")[0]
        else:
            suite = "-"
        s = suites.setdefault(suite, [0, 0, 0])
        if result in PASS:
            passed.append(name)
            s[0] += 1
        elif result in SKIP:
            skipped.append(name)
            s[2] += 1
        else:
            failed.append((name, result, t.get("duration", 0.0)))
            s[1] += 1

    print()
    print("=" * 60)
    print("%-24s %8s %8s %8s" % ("suite", "passed", "failed", "skipped"))
    for suite in sorted(suites):
        p, f, s = suites[suite]
        print("%-24s %8d %8d %8d" % (suite, p, f, s))
    if failed:
        print()
        print("failed tests (logs: %s):" % path.replace("testlog.json", "testlog.txt"))
        for name, result, dur in failed:
            print("  %-50s %-8s %6.1f s" % (name, result, dur))
    print("=" * 60)
    last = "%d passed, %d failed" % (len(passed), len(failed))
    if skipped:
        last += ", %d skipped" % len(skipped)
    print(last)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
