# Threads: a breakpoint in a worker, info threads with names (qXfer:threads),
# the same through qfThreadInfo + qThreadExtraInfo, switching threads, and a
# watchpoint that fires in a worker thread.
# requires: threads
# args: threads
# expect: Breakpoint 1, worker_break \(id=1\)
# expect: ^\*\s+2\s+Thread \d+\.\d+ "worker-1"\s+worker_break \(id=1\)
# expect: ^\*\s+2\s+Thread \d+\.\d+ .*\(worker-1\)\s+worker_break \(id=1\)
# expect: Switching to thread 1 \(Thread \d+\.\d+\)
# expect: ^#\d+\s+0x[0-9a-f]+ in run_threads \(\) at .*gdb-target.c
# expect: ^\$1 = 1$
# expect: Breakpoint 1, worker_break \(id=2\)
# expect: Thread 3 .*hit Hardware watchpoint 2: counter\s+Old value = 1\s+New value = 3
# stdout: threads done 3
# exit: 0
break worker_break
continue
info threads
set remote threads-packet off
info threads
thread 1
bt
thread 2
print id
continue
watch counter
continue
continue
