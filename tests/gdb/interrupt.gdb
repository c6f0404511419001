# Ctrl-C stops a running program (SIGINT); gdb then changes the variable the
# loop waits on and the program ends.
# args: loop
# interrupt-after: 2
# expect: Program received signal SIGINT
# stdout: loop done 5
# exit: 7
continue
set var counter = 5
continue
