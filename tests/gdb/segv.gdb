# The program's own SIGSEGV is reported (with its siginfo: $_siginfo through
# qXfer:siginfo:read), then delivered: with no handler it kills the program,
# and gdb sees it die of that signal.
# args: segv
# expect: Program received signal SIGSEGV, Segmentation fault\.
# expect: in crash \(\) at .*gdb-target.c
# expect: ^#1\s+0x[0-9a-f]+ in main
# expect: ^\$1 = 11$
# expect: ^\$2 = 1$
# expect: ^\$3 = \(void \*\) 0x10$
# expect: Program terminated with signal SIGSEGV, Segmentation fault\.
# signal: SEGV
continue
bt
print $_siginfo.si_signo
print $_siginfo.si_code
print $_siginfo._sifields._sigfault.si_addr
continue
