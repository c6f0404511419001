# gdb started without the program file learns it from the stub
# (qXfer:exec-file:read) and reads its symbols; a few packets sent raw:
# qAttached says we started the process (so gdb kills it when it quits),
# an unmapped read answers an error and the stub keeps serving.
# gdb-file: none
# expect: Reading symbols from \S*gdb-target
# expect: received: "0"
# expect: sending: m10,4\s+received: "E[0-9a-f]{2}"
# expect: sending: qC\s+received: "QC[0-9a-f.p]+"
# expect: Breakpoint 1, compute \(n=5\)
# signal: KILL
maint packet qAttached
maint packet m10,4
maint packet qC
break compute
continue
