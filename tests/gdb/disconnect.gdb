# A gdb that goes away without detaching (and QEMU_GDB instead of -g): the
# program runs on without its breakpoints and exits with its own status.
# transport: env
# expect: Breakpoint 1, compute \(n=5\)
# stdout: compute 55 watched 42 counter 0 hello gdb
# exit: 3
break compute
break square
continue
disconnect
