# A breakpoint on a function, its arguments in registers, bt, finish,
# next/step, x/, and changes to a register and a variable seen by the program.
# expect: Breakpoint 1, add3 \(a=5, b=10, c=15\) at .*gdb-target.c
# expect: ^@ARG0@\s+0x5\s+5$
# expect: ^@ARG1@\s+0xa\s+10$
# expect: ^@ARG2@\s+0xf\s+15$
# expect: ^#1\s+0x[0-9a-f]+ in compute \(n=5\)
# expect: ^#2\s+0x[0-9a-f]+ in main
# expect: Value returned is \$\d+ = 30
# expect: ^square \(x=5\) at .*gdb-target.c
# expect: ^\$\d+ = 5$
# expect: <message>:\s+"hello gdb"
# expect: = \(void \(\*\)\(\)\) 0x[0-9a-f]+ <square\+\d+>
# expect: memerr Cannot access memory at address 0x10$
# stdout: compute 1025 watched 42 counter 20 hello gdb
# exit: 23
break add3
continue
info registers @ARG0@ @ARG1@ @ARG2@
print a + b + c
bt
finish
# @ARG0@ holds add3's result, not yet stored into r: the program must see ours.
set $@ARG0@ = 1000
next
step
print x
x/s message
set var counter = 20
print $pc
# Unmapped guest memory is an error for gdb, nothing worse.
python
try:
    gdb.execute('x/4x 16')
except gdb.MemoryError as e:
    print('memerr', e)
end
# Code pages are read-only for the program but gdb may write them (ptrace does);
# the program still computes the same.
set var *(char *)&square = *(char *)&square
continue
