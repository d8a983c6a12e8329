package org.smtpguard.proxy.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The server CPU figures of {@code smtpguard bench}, read from /proc. */
class ProcessCpuTest {

    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void theJitCompilerThreadsOfAJvmAreCountedAsPartOfItsCpu() {
        assumeTrue(Files.isDirectory(Path.of("/proc", Long.toString(SELF), "task")), "Linux /proc");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long sink = 0;
        // this JVM has compiled since it started; make sure enough for one clock tick of its compilers
        while (ProcessCpu.jitNanos(List.of(SELF)) == 0 && System.nanoTime() < deadline) {
            sink += busyWork(sink);
        }
        long jit = ProcessCpu.jitNanos(List.of(SELF));
        assertThat(jit).as("compiler threads' CPU (%d)", sink).isPositive();
        assertThat(ProcessCpu.nanos(List.of(SELF))).as("the whole process").isGreaterThanOrEqualTo(jit);
    }

    @Test
    void aProcessThatIsNotAJvmHasNoJitTimeAndAGoneOneHasNoFigure() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc", Long.toString(SELF), "task")), "Linux /proc");
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            assertThat(ProcessCpu.jitNanos(List.of(sleep.pid()))).isZero();
        } finally {
            sleep.destroy();
            sleep.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(ProcessCpu.jitNanos(List.of(sleep.pid()))).as("gone").isEqualTo(-1);
        assertThat(ProcessCpu.nanos(List.of(sleep.pid()))).as("gone").isEqualTo(-1);
        assertThat(ProcessCpu.jitNanos(List.of())).as("none asked for").isEqualTo(-1);
    }

    /** Code for the JIT to compile: a new lambda shape each round keeps the compilers busy. */
    private static long busyWork(long seed) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            text.append(Long.toHexString(seed * 31 + i).hashCode());
        }
        return text.toString().chars().filter(c -> c % 3 == 0).count();
    }
}
