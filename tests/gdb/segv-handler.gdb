# The program's own SIGSEGV is reported to gdb first, then `continue`
# delivers it to the program's handler (which exits with status 42).
# args: segv-handler
# expect: Program received signal SIGSEGV, Segmentation fault\.
# expect: in crash \(\) at .*gdb-target.c
# expect: exited with code 052
# stdout: handler got SIGSEGV
# exit: 42
continue
continue
