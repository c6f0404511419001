# kill ends the program at once.
# expect: Breakpoint 1, compute
# expect: \[Inferior 1 \(process \d+\) killed\]
# signal: KILL
break compute
continue
kill
