# A dynamically linked PIE: the emulator maps the libraries from its -L
# sysroot, gdb reads their symbols through `set sysroot` on the same
# directory.  A breakpoint on a libc function the program never links to
# stays pending until the dynamic loader maps libc (gdb's shared-library
# event breakpoint); one on a function called through the PLT moves into
# libc; one in the program is set at its relocated address.  Arguments, bt
# and finish work across the program and the library.
# program: dynamic
# expect: in \S+ \(\) from @SYSROOT@/lib/ld-linux-[^\n]*\.so\.1
# expect: Breakpoint 1 \(exit\) pending
# expect: Breakpoint 3, add3 \(a=5, b=10, c=15\) at .*gdb-target.c
# expect: ^@ARG0@\s+0x5\s+5$
# expect: ^#1\s+0x[0-9a-f]+ in compute \(n=5\)
# expect: ^0x[0-9a-f]+\s+0x[0-9a-f]+\s+Yes( \(\*\))?\s+@SYSROOT@/lib/libc\.so\.6$
# expect: Breakpoint 2, 0x[0-9a-f]+ in printf \(\) from @SYSROOT@/lib/libc\.so\.6
# expect: ^#1\s+0x[0-9a-f]+ in main \(.*\) at .*gdb-target.c
# expect: ^main \(.*\) at .*gdb-target.c:\d+
# expect: Breakpoint 1, 0x[0-9a-f]+ in exit \(\) from @SYSROOT@/lib/libc\.so\.6
# expect: ^@ARG0@\s+0x3\s+3$
# expect: exited with code 03
# stdout: compute 55 watched 42 counter 0 hello gdb
# exit: 3
set breakpoint pending on
break exit
break printf
break add3
continue
info registers @ARG0@
bt
info sharedlibrary
continue
bt 2
finish
continue
info registers @ARG0@
continue
