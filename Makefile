# crossemu: this Makefile only wraps meson.  See README.md and docs/devel/testing.md.
#
#   make deps    install missing Debian packages (scripts/install-deps.sh)
#   make         configure (first time) and build into $(BUILD)
#   make run     build, then run a riscv64 hello world under crossemu-riscv64
#   make check   build, run every test, print "N passed, N failed" last
#   make bench   release build in $(BENCH_BUILD), compare crossemu with native and
#                qemu-user: riscv64 and aarch64 (bench/)
#   make static  fully static crossemu-<arch> and crossemu-binfmt in $(STATIC_BUILD)
#   make check-long  (root, network) debootstrap an arm64 Debian through binfmt_misc
#   make clean   remove $(BUILD)

BUILD ?= build
MESON ?= meson
# Two cores on the reference machine; override with `make JOBS=8`.
JOBS ?= 2
PYTHON ?= python3
RISCV_CC ?= riscv64-linux-gnu-gcc

# Warnings are errors in CI (the CI environment variable is set by .ci/run's caller).
MESON_OPTS ?=
ifneq ($(CI),)
MESON_OPTS += -Dwerror=true
endif

.PHONY: all configure build deps deps-bench run check bench clean static check-long deps-long
# Parallelism lives inside ninja; the steps here run in order even under make -j.
.NOTPARALLEL:

all: build

deps:
	./scripts/install-deps.sh

deps-bench:
	./scripts/install-deps.sh --bench

configure:
	@if [ -f $(BUILD)/meson-private/coredata.dat ]; then \
		$(MESON) setup --reconfigure $(MESON_OPTS) $(BUILD); \
	else \
		$(MESON) setup $(MESON_OPTS) $(BUILD); \
	fi

build: configure
	$(MESON) compile -C $(BUILD) -j $(JOBS)

# The hello world is cross-compiled here, not by meson, so that `make run`
# shows the one command a user would type.
run: deps build
	$(RISCV_CC) -static -O2 -o $(BUILD)/hello-riscv64 tests/guest/multiarch/hello.c
	$(BUILD)/crossemu-riscv64 $(BUILD)/hello-riscv64

# Build with ninja's keep-going, so that one target that does not compile
# fails its own tests (their programs are missing) instead of every test;
# scripts/run-tests.py runs `meson test` on what was built and counts the
# rest, and the failed build itself, as failures.
check: deps configure
	@rc=0; build=; \
	$(MESON) compile -C $(BUILD) -j $(JOBS) --ninja-args=-k,0 || { rc=1; build=--build-failed; }; \
	$(PYTHON) scripts/run-tests.py --run --build-dir $(BUILD) --jobs $(JOBS) $$build || rc=1; \
	exit $$rc

# The long test (docs/user/binfmt.md): debootstrap --foreign of a minimal
# arm64 Debian, its second stage run in the chroot through binfmt_misc by the
# static crossemu-aarch64, then dpkg, apt and shell pipelines in it.  Needs
# root, binfmt_misc and the Debian archive; skips (exit 0, says why) without.
# The log goes to $(LONG_LOG).  Another Debian, e.g. riscv64:
#   make check-long LONG_ARGS="--suite trixie --debarch riscv64 --arch riscv64"
LONG_LOG ?= $(CURDIR)/$(BUILD)/check-long.log
LONG_ARGS ?=
deps-long:
	./scripts/install-deps.sh --long || echo "check-long: could not install debootstrap"

check-long: deps-long build
	@rc=0; $(PYTHON) tests/binfmt/test-binfmt.py debootstrap \
		--tool $(BUILD)/tools/binfmt/crossemu-binfmt --emu-dir $(BUILD) \
		--log $(LONG_LOG) $(LONG_ARGS) || rc=$$?; \
	if [ $$rc = 77 ]; then echo "check-long: SKIPPED (the reason is above)"; rc=0; \
	elif [ $$rc = 0 ]; then echo "check-long: PASSED (log: $(LONG_LOG))"; \
	else echo "check-long: FAILED (log: $(LONG_LOG))"; fi; exit $$rc

# Benchmarks measure a release build (-O3, assertions off) in a directory of
# their own, so `make bench` leaves the build `make check` tests alone.  Only
# the emulators and the benchmark programs are built there.
BENCH_BUILD ?= build-bench
bench: deps-bench
	@if [ -f $(BENCH_BUILD)/meson-private/coredata.dat ]; then \
		$(MESON) setup --reconfigure --buildtype=release $(MESON_OPTS) $(BENCH_BUILD); \
	else \
		$(MESON) setup --buildtype=release $(MESON_OPTS) $(BENCH_BUILD); \
	fi
	$(MESON) compile -C $(BENCH_BUILD) -j $(JOBS) bench-programs
	$(PYTHON) bench/run-bench.py --build $(BENCH_BUILD)
	$(MESON) compile -C $(BENCH_BUILD) -j $(JOBS) kvm-bench-programs
	$(PYTHON) bench/kvm/run-kvm-bench.py --build $(BENCH_BUILD)

# Fully static user-mode emulators (for binfmt_misc's F flag in foreign
# chroots, docs/user/binfmt.md): only crossemu-<arch> and crossemu-binfmt,
# since system mode needs shared libraries (slirp) that have no static archive.
STATIC_BUILD ?= build-static
STATIC_TARGETS = $(MESON) introspect $(STATIC_BUILD) --targets | $(PYTHON) -c \
	'import json, re, sys; print(" ".join(sorted(t["name"] for t in json.load(sys.stdin) \
	 if re.fullmatch(r"crossemu-(?!system-)[a-z0-9]+", t["name"]))))'
static:
	@if [ -f $(STATIC_BUILD)/meson-private/coredata.dat ]; then \
		$(MESON) setup --reconfigure -Dstatic=true $(MESON_OPTS) $(STATIC_BUILD); \
	else \
		$(MESON) setup -Dstatic=true $(MESON_OPTS) $(STATIC_BUILD); \
	fi
	$(MESON) compile -C $(STATIC_BUILD) -j $(JOBS) $$($(STATIC_TARGETS))
	@file $(STATIC_BUILD)/crossemu-* | grep -v 'statically linked' | grep ELF \
		&& { echo "make static: the binaries above are not static" >&2; exit 1; } || true

clean:
	rm -rf $(BUILD)
