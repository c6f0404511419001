# Hardware watchpoints: a write watchpoint with its old and new values, a
# read watchpoint, then the program runs to its end.
# expect: Hardware watchpoint 2: watched
# expect: Old value = 1\s+New value = 2
# expect: Old value = 2\s+New value = 42
# expect: Hardware read watchpoint 3: counter\s+Value = 0
# expect: exited with code 03
# stdout: compute 55 watched 42 counter 0 hello gdb
# exit: 3
break main
continue
watch watched
continue
continue
delete 2
rwatch counter
continue
delete
continue
