# Over TCP, with acks (no-ack mode off): threads, auxv, registers of every
# feature, monitor commands, and the exit status.
# transport: tcp
# before-connect: set remote noack-packet off
# expect: ^\*\s+1\s+Thread \d+\.\d+ "gdb-target[^"]*"
# expect: AT_PAGESZ\s+System page size\s+4096
# expect: AT_ENTRY
# expect: crossemu monitor commands
# expect: ^@FPCSR@\s+0x0
# expect: ^@FPREG@\s+
# expect: exited with code 03
# reject: Remote connection closed
# exit: 3
info threads
info auxv
monitor help
info registers @FPCSR@
info registers @FPREG@
info registers pc
continue
