# Watchpoints (Z2, Z4, Z3): a write watchpoint with its old and new values,
# an access watchpoint that fires on a write (old/new) and on a read, then a
# read watchpoint; then the program runs to its end.
# expect: Hardware watchpoint 2: watched
# expect: Old value = 1\s+New value = 2
# expect: Hardware access \(read/write\) watchpoint 3: watched\s+Old value = 2\s+New value = 42
# expect: Hardware access \(read/write\) watchpoint 3: watched\s+Value = 42
# expect: Hardware read watchpoint 4: counter\s+Value = 0
# expect: exited with code 03
# stdout: compute 55 watched 42 counter 0 hello gdb
# exit: 3
break main
continue
watch watched
continue
delete 2
awatch watched
continue
continue
delete 3
rwatch counter
continue
delete
continue
