# fork: the child runs on its own without gdb's breakpoints (the stub does
# not offer fork events) and exits normally; the parent still stops at them.
# args: fork
# expect: Breakpoint 1, square \(x=2\)
# expect: exited with code 05
# stdout: child status 0
# exit: 5
break square
continue
continue
