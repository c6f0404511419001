#!/usr/bin/env python3
"""run-tests.py: run crossemu's tests and summarise them.

usage:
  scripts/run-tests.py --run [--build-dir build] [--jobs 2] [--build-failed]
      run `meson test` on every test whose program was built, then summarise
  scripts/run-tests.py [--build-failed] [build/meson-logs/testlog.json]
      only summarise an earlier `meson test` run

`meson test` refuses to start when one test program is missing, so with
--run the tests whose program did not build (make check builds with ninja's
keep-going) are left out of the meson run and counted as failed ("NOT BUILT").
--build-failed: the build did not complete; counted as one more failure.

Prints the counts per suite, the failed tests, and as its LAST line exactly
"N passed, N failed" (with ", N skipped" when some were skipped).  Exit
status 1 if any test failed (FAIL, TIMEOUT, ERROR, UNEXPECTEDPASS, NOT BUILT),
else 0.  `make check` runs it.
"""
import argparse
import json
import os
import subprocess
import sys

PASS = {"OK", "EXPECTEDFAIL"}
SKIP = {"SKIP"}


def suite_of(suites, name):
    """"project:suite1+suite2 / test" or ["project:suite"]: the first suite."""
    if suites:
        return suites[0].split(":")[-1]
    if " / " in name:
        return name.split(" / ")[0].split(":")[-1].split("+")[0]
    return "-"


def run_meson_tests(build_dir, jobs):
    """Run every test whose program exists; return the ones whose does not."""
    intro = subprocess.run(["meson", "introspect", build_dir, "--tests"],
                           stdout=subprocess.PIPE, check=True)
    tests = json.loads(intro.stdout)
    runnable = [t for t in tests if t["cmd"] and os.path.exists(t["cmd"][0])]
    missing = [t for t in tests if not (t["cmd"] and os.path.exists(t["cmd"][0]))]
    log = os.path.join(build_dir, "meson-logs", "testlog.json")
    if os.path.exists(log):
        os.unlink(log)      # never summarise a stale run
    if runnable:
        cmd = ["meson", "test", "-C", build_dir, "--no-rebuild", "--num-processes",
               str(jobs), "--print-errorlogs"]
        if missing:
            cmd += [t["name"] for t in runnable]
        sys.stdout.flush()
        subprocess.run(cmd)
    return log, missing


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", action="store_true")
    ap.add_argument("--build-dir", default="build")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--build-failed", action="store_true")
    ap.add_argument("testlog", nargs="?")
    a = ap.parse_args()

    passed, failed, skipped = [], [], []
    suites = {}

    def count(suite, kind):
        suites.setdefault(suite, [0, 0, 0])[kind] += 1

    if a.build_failed:
        failed.append(("build (some targets did not compile: see the build log above)",
                       "FAIL", 0.0))
    missing = []
    if a.run:
        path, missing = run_meson_tests(a.build_dir, a.jobs)
    else:
        path = a.testlog or os.path.join(a.build_dir, "meson-logs", "testlog.json")
    for t in missing:
        failed.append((t["name"], "NOT BUILT", 0.0))
        count(suite_of(t.get("suite"), t["name"]), 1)

    lines = []
    try:
        with open(path) as f:
            lines = [l for l in f if l.strip()]
    except OSError as e:
        print("run-tests: cannot read %s: %s" % (path, e))
        failed.append(("meson test (no test log)", "ERROR", 0.0))

    for line in lines:
        try:
            t = json.loads(line)
        except ValueError:
            continue
        name, result = t.get("name", "?"), t.get("result", "ERROR")
        suite = suite_of(t.get("suite"), name)
        if result in PASS:
            passed.append(name)
            count(suite, 0)
        elif result in SKIP:
            skipped.append(name)
            count(suite, 2)
        else:
            failed.append((name, result, t.get("duration", 0.0)))
            count(suite, 1)

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
            print("  %-50s %-9s %6.1f s" % (name, result, dur))
    print("=" * 60)
    last = "%d passed, %d failed" % (len(passed), len(failed))
    if skipped:
        last += ", %d skipped" % len(skipped)
    print(last)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
