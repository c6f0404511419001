# execve under QEMU_GDB: the new program runs on without gdb (the stub's
# connection ends with the old image) instead of waiting for a debugger.
# transport: env
# args: exec
# expect: Remote connection closed
# stdout: compute 55 watched 42 counter 0 hello gdb
# exit: 3
break compute
continue
