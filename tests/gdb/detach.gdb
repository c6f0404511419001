# After detach the program runs on alone and exits with its own status
# (over TCP, -g localhost:PORT).
# transport: tcp-host
# expect: Breakpoint 1, compute \(n=5\)
# expect: \[Inferior 1 \(process \d+\) detached\]
# stdout: compute 55 watched 42 counter 0 hello gdb
# exit: 3
break compute
continue
detach
