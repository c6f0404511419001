# Threads: a breakpoint in a worker, info threads with names, switching.
# requires: threads
# args: threads
# expect: Breakpoint 1, worker_break \(id=1\)
# expect: "worker-1"
# expect: Switching to thread
# expect: Breakpoint 1, worker_break \(id=2\)
# stdout: threads done 3
# exit: 0
break worker_break
continue
info threads
thread 1
bt 1
continue
continue
