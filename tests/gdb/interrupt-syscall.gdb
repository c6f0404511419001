# Ctrl-C while the program is blocked in a system call (sleep 10): the call is
# cut short and the program stops at once (SIGINT); the SIGTRAP the stub
# uses to wake the thread never reaches the program.  gdb then lets it run
# to its end.
# args: sleep
# interrupt-when: ^sleeping
# expect: Program received signal SIGINT
# expect: ^#\d+\s+0x[0-9a-f]+ in main \(.*\) at .*gdb-target.c
# reject: SIGTRAP
# stdout: slept 9, cut short
# exit: 9
continue
bt
continue
