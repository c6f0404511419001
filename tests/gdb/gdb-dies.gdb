# A gdb that dies while the program runs (here blocked in a system call):
# the stub notices the closed connection, and the program, without its
# breakpoints, finishes on its own.
# args: sleep
# kill-gdb-after: 1
# stdout: slept 9,
# exit: 9
break square
continue
