package org.smtpguard.proxy.bench;

import java.util.Map;

/**
 * What a bench run measured.
 *
 * @param latencies       nanoseconds per accepted message, sorted: from connect() for the first
 *                        message of a session, from MAIL FROM for the later ones, to the 250 after "."
 * @param cpuNanos        CPU time of the load generator's process during the run (-1 if unknown)
 * @param serverCpuNanos CPU time the processes given with --server-pid spent during the run (-1: none or unknown)
 * @param serverJitNanos the part of it spent by their JIT compiler threads (0 for a server that is
 *                       not a JVM; -1: none or unknown)
 * @param stoppedEarly    the --duration bound ended the run before every message was attempted
 */
public record BenchResult(BenchPlan plan, long[] latencies, Map<Failure, Long> failures, long sessions,
                          long elapsedNanos, long cpuNanos, long serverCpuNanos, long serverJitNanos,
                          boolean stoppedEarly) {

    public long accepted() {
        return latencies.length;
    }

    public long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Accepted messages per second of the run. */
    public double messagesPerSecond() {
        return elapsedNanos == 0 ? 0 : accepted() * 1e9 / elapsedNanos;
    }

    /** The {@code p}-th percentile (nearest rank) of the latencies, in milliseconds; 0 with no message. */
    public double percentileMillis(double p) {
        if (latencies.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * latencies.length);
        return latencies[Math.max(0, Math.min(latencies.length - 1, rank - 1))] / 1e6;
    }

    public double maxMillis() {
        return latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6;
    }

    /** CPU milliseconds the load generator spent per accepted message, or -1 if unknown. */
    public double cpuMillisPerMessage() {
        return cpuNanos < 0 || accepted() == 0 ? -1 : cpuNanos / 1e6 / accepted();
    }

    /** CPU milliseconds the server under test spent per accepted message, or -1 if not measured. */
    public double serverCpuMillisPerMessage() {
        return serverCpuNanos < 0 || accepted() == 0 ? -1 : serverCpuNanos / 1e6 / accepted();
    }

    /** CPU milliseconds per accepted message that the server spent compiling (JIT), or -1 if not measured. */
    public double serverJitMillisPerMessage() {
        return serverJitNanos < 0 || accepted() == 0 ? -1 : serverJitNanos / 1e6 / accepted();
    }
}
