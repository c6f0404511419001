# The program's own SIGSEGV is reported, then delivered: with no handler it
# kills the program, and gdb sees it die of that signal.
# args: segv
# expect: Program received signal SIGSEGV, Segmentation fault\.
# expect: in crash \(\) at .*gdb-target.c
# expect: ^#1\s+0x[0-9a-f]+ in main
# expect: Program terminated with signal SIGSEGV, Segmentation fault\.
# signal: SEGV
continue
bt
continue
