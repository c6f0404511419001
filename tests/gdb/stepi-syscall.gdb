# stepi over a system call instruction stops right after it (the syscall is the step); then
# finish out of a function without debug information.
# expect: after-ecall 0x4
# expect: after-ecall 0x4\n(Run till exit from .*\n)?0x[0-9a-f]+ in \w+ \(\)
# stdout: compute 55 watched 42 counter 0 hello gdb
# exit: 3
break printf
continue
python
steps = 0
while steps < 5000:
    pc = int(gdb.parse_and_eval('$pc'))
    insn = gdb.selected_frame().architecture().disassemble(pc)[0]
    if insn['asm'].startswith('@SYSCALL@'):
        break
    gdb.execute('stepi', to_string=True)
    steps += 1
gdb.execute('stepi', to_string=True)
print('after-ecall', hex(int(gdb.parse_and_eval('$pc')) - pc))
end
delete
finish
continue
