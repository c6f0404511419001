# Signals and threads: a signal sent to a worker (blocked in sigsuspend) is
# reported in that thread and delivered to it by continue; then, stopped in
# the main thread, gdb sends a signal to the worker (not the thread that
# stopped), which ends its sigsuspend and runs its handler there.
# requires: threads
# args: signal-threads
# expect: Thread 2 "[^"]*" received signal SIGUSR2
# expect: Breakpoint 1, main_ready \(\)
# expect: Switching to thread 2
# expect: exited normally
# stdout: usr2 in sleeper yes, usr1 in sleeper yes
# exit: 0
break main_ready
continue
continue
thread 2
signal SIGUSR1
