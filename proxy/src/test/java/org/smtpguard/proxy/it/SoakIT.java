package org.smtpguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The soak test (profile {@code soak}, run by {@code .ci/run}; not part of {@code mvn verify}):
 * steady load with faults on both sides ({@link FaultsUnderLoadIT}'s mix) through smtpguard for
 * {@code -Dsoak.duration} (default 10 minutes, ISO-8601, e.g. {@code PT1H}). After every minute the
 * load pauses until every connection has ended, the clients' and the upstream's views are checked to
 * agree, and the JVM (smtpguard runs in it) is measured: heap used after GC, open file descriptors,
 * live threads. The last minute's figures must not exceed the first minute's by more than:
 * <ul>
 *   <li>heap after GC: 32 MiB or 25%, whichever is more: the proxy keeps no per-session state after
 *       a session, so a leak of even one small object per session (thousands per minute) would
 *       exceed this within minutes, while JIT, class loading and TLS session caches (bounded) fit;</li>
 *   <li>file descriptors: 16: at a quiet point smtpguard holds only its listeners and event-loop
 *       descriptors; one leaked socket per faulty session would be hundreds;</li>
 *   <li>threads: 8: event-loop threads are started on demand up to a fixed count within the first
 *       minute; the test's own client and upstream threads have ended at the measuring point.</li>
 * </ul>
 */
class SoakIT extends AgainstFaultyUpstream {

    record Sample(int minute, long heapAfterGc, long fileDescriptors, int threads, int messages, int accepted) {
        @Override
        public String toString() {
            return String.format("minute %d: heap after GC %.1f MiB, %d fds, %d threads, %d messages (%d got 250)",
                    minute, heapAfterGc / 1048576.0, fileDescriptors, threads, messages, accepted);
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.HOURS)
    void heapFileDescriptorsAndThreadsStayFlatUnderSteadyLoadWithFaults() throws Exception {
        Duration duration = Duration.parse(System.getProperty("soak.duration", "PT10M"));
        int minutes = (int) Math.max(2, duration.toMinutes());
        long seed = FaultsUnderLoadIT.SEED + 1;
        System.out.println("SoakIT " + minutes + " minutes, seed " + seed);
        upstream = FaultyUpstream.startMixed(FaultsUnderLoadIT.upstreamFaults(seed), certificates);
        proxy = ProxyUnderTest.start(FaultsUnderLoadIT.config(upstream.port(), certificates));

        List<Sample> samples = new ArrayList<>();
        for (int minute = 1; minute <= minutes; minute++) {
            LoadDriver load = new LoadDriver(proxy.address(), seed + minute, FaultsUnderLoadIT.clientBehaviours());
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(50);
            load.run(4, Integer.MAX_VALUE, until, Duration.ofSeconds(120));
            upstream.awaitAllConnectionsEnded(Duration.ofSeconds(60));
            List<LoadDriver.Attempt> attempts = load.attempts();
            LoadDriver.assertClientsAndUpstreamAgree(attempts, upstream);
            upstream.clearRecords();
            Thread.sleep(2000); // smtpguard's side of the last connections closes
            Sample sample = measure(minute, attempts.size(), (int) attempts.stream().filter(a -> a.finalCode() == 250).count());
            System.out.println("SoakIT " + sample);
            samples.add(sample);
            assertThat(sample.accepted()).as("messages get through in minute %d", minute).isPositive();
        }

        Sample first = samples.get(0);
        Sample last = samples.get(samples.size() - 1);
        assertThat(last.heapAfterGc()).as("heap after GC, first %s, last %s", first, last)
                .isLessThanOrEqualTo(first.heapAfterGc() + Math.max(32L << 20, first.heapAfterGc() / 4));
        assertThat(last.fileDescriptors()).as("open file descriptors").isLessThanOrEqualTo(first.fileDescriptors() + 16);
        assertThat(last.threads()).as("live threads").isLessThanOrEqualTo(first.threads() + 8);
    }

    private static Sample measure(int minute, int messages, int accepted) throws IOException, InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        long heap = memory.getHeapMemoryUsage().getUsed();
        long fds;
        try (Stream<Path> open = Files.list(Path.of("/proc/self/fd"))) {
            fds = open.count();
        }
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        return new Sample(minute, heap, fds, threads, messages, accepted);
    }
}
