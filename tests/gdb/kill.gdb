# kill ends the program at once (after a hardware breakpoint, Z1, stopped it).
# expect: Hardware assisted breakpoint 1 at 0x[0-9a-f]+: file .*gdb-target.c
# expect: Breakpoint 1, compute
# expect: \[Inferior 1 \(process \d+\) killed\]
# signal: KILL
hbreak compute
continue
kill
