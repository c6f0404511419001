# Ctrl-C while every thread is blocked in a system call (the main thread in
# pthread_join's futex wait, the worker in sigsuspend): the program stops;
# then gdb's signal to the worker ends the wait and the program ends
# normally (the futex wait of pthread_join survives being cut short).
# requires: threads
# args: signal-threads
# interrupt-when: ^joining
# expect: received signal SIGUSR2
# expect: received signal SIGINT
# expect: ^\*?\s+2\s+Thread \d+\.\d+ .* in \S*sigsuspend
# expect: exited normally
# reject: SIGTRAP
# stdout: usr2 in sleeper yes, usr1 in sleeper yes
# exit: 0
continue
continue
info threads
thread 2
signal SIGUSR1
