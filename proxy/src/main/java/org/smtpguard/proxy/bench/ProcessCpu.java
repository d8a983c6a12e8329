package org.smtpguard.proxy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * CPU time used so far by processes and their descendants (live ones, and reaped children through
 * cutime/cstime), read from Linux's /proc: measured before and after a run, the difference is what
 * the server under test spent on it. -1 where /proc cannot be read.
 */
final class ProcessCpu {

    /** Linux reports clock ticks of 1/100 s on every common platform (USER_HZ). */
    private static final long NANOS_PER_TICK = 10_000_000L;
    private static final int MAX_PROCESSES = 4096;

    private ProcessCpu() {
    }

    /**
     * The fields of a /proc {@code stat} file after "comm)" (the name may hold spaces and parentheses):
     * state(0) … utime(11) stime(12) cutime(13) cstime(14).
     */
    private static String[] statFields(Path stat) throws IOException {
        String text = Files.readString(stat);
        return text.substring(text.lastIndexOf(')') + 2).split(" ");
    }

    private static long ticks(long pid) {
        try {
            String[] f = statFields(Path.of("/proc", Long.toString(pid), "stat"));
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The children of every thread of {@code pid}; threads that end meanwhile are skipped. */
    private static List<Long> children(long pid) {
        List<Long> out = new java.util.ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    for (String child : Files.readString(task.resolve("children")).trim().split(" +")) {
                        if (!child.isEmpty()) {
                            out.add(Long.parseLong(child));
                        }
                    }
                } catch (IOException | RuntimeException threadGone) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException | RuntimeException processGone) {
            // counted as far as it was seen
        }
        return out;
    }

    /**
     * CPU time used so far by the JIT compiler threads of {@code pids} (a JVM names them "C1
     * CompilerThread…" and "C2 CompilerThread…"; 0 for a process that is not a JVM), or -1 if a
     * process asked for cannot be read. Part of {@link #nanos}: it tells how much of a run's server
     * CPU went to compiling rather than to the work.
     */
    static long jitNanos(List<Long> pids) {
        if (pids.isEmpty()) {
            return -1;
        }
        long ticks = 0;
        for (long pid : pids) {
            try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    ticks += compilerThreadTicks(task);
                }
            } catch (IOException | RuntimeException processGone) {
                return -1;
            }
        }
        return ticks * NANOS_PER_TICK;
    }

    private static long compilerThreadTicks(Path task) {
        try {
            String comm = Files.readString(task.resolve("comm")).trim();
            if (!comm.startsWith("C1 CompilerThre") && !comm.startsWith("C2 CompilerThre")) {
                return 0;
            }
            String[] f = statFields(task.resolve("stat"));
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
        } catch (IOException | RuntimeException threadGone) {
            return 0; // a compiler thread that ended meanwhile (the JVM stops idle ones)
        }
    }

    static long nanos(List<Long> pids) {
        if (pids.isEmpty()) {
            return -1;
        }
        long ticks = 0;
        Set<Long> seen = new HashSet<>();
        Deque<Long> todo = new ArrayDeque<>(pids);
        while (!todo.isEmpty() && seen.size() < MAX_PROCESSES) {
            long pid = todo.pop();
            if (!seen.add(pid)) {
                continue;
            }
            long own = ticks(pid);
            if (own < 0) {
                if (pids.contains(pid)) {
                    return -1; // a process asked for is gone: no figure rather than a wrong one
                }
                continue; // a child that exited meanwhile: its time is in the parent's cutime/cstime
            }
            ticks += own;
            todo.addAll(children(pid));
        }
        return ticks * NANOS_PER_TICK;
    }
}
