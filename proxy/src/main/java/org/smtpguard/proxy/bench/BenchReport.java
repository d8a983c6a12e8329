package org.smtpguard.proxy.bench;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** A {@link BenchResult} as people read it, or as one JSON object for scripts. */
final class BenchReport {

    private BenchReport() {
    }

    static String text(BenchResult r) {
        BenchPlan p = r.plan();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "smtpguard bench: %s %s, %d connections, %d per connection, %d bytes%n",
                p.target(), p.mode().name().toLowerCase(Locale.ROOT), p.connections(), p.perConnection(), p.size()));
        out.append(String.format(Locale.ROOT, "messages:   %d accepted, %d failed, %d sessions in %.3f s%s%n",
                r.accepted(), r.failed(), r.sessions(), r.elapsedNanos() / 1e9,
                r.stoppedEarly() ? " (stopped by --duration)" : ""));
        out.append(String.format(Locale.ROOT, "throughput: %.1f messages/s%n", r.messagesPerSecond()));
        out.append(String.format(Locale.ROOT, "latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n",
                r.percentileMillis(50), r.percentileMillis(90), r.percentileMillis(99), r.maxMillis()));
        out.append("failures:   ").append(r.failures().isEmpty() ? "none" : r.failures().entrySet().stream()
                .map(e -> e.getKey().label() + "=" + e.getValue()).collect(Collectors.joining(" "))).append('\n');
        if (r.cpuMillisPerMessage() >= 0) {
            out.append(String.format(Locale.ROOT, "bench cpu:  %.3f ms per message%n", r.cpuMillisPerMessage()));
        }
        if (r.serverCpuMillisPerMessage() >= 0) {
            out.append(String.format(Locale.ROOT, "server cpu: %.3f ms per message (JIT compiler: %.3f)%n",
                    r.serverCpuMillisPerMessage(), r.serverJitMillisPerMessage()));
        }
        return out.toString();
    }

    static String json(BenchResult r) {
        BenchPlan p = r.plan();
        StringBuilder failures = new StringBuilder("{");
        for (Map.Entry<Failure, Long> e : r.failures().entrySet()) {
            if (failures.length() > 1) {
                failures.append(',');
            }
            failures.append('"').append(e.getKey().label()).append("\":").append(e.getValue());
        }
        failures.append('}');
        return String.format(Locale.ROOT, "{\"target\":\"%s\",\"mode\":\"%s\",\"connections\":%d,\"per_connection\":%d,"
                        + "\"size\":%d,\"messages\":%d,\"accepted\":%d,\"failed\":%d,\"sessions\":%d,\"seconds\":%.3f,"
                        + "\"msgs_per_s\":%.1f,\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f,"
                        + "\"bench_cpu_ms_per_msg\":%.4f,\"server_cpu_ms_per_msg\":%.4f,"
                        + "\"server_jit_cpu_ms_per_msg\":%.4f,\"stopped_early\":%s,\"failures\":%s}",
                p.target(), p.mode().name().toLowerCase(Locale.ROOT), p.connections(), p.perConnection(), p.size(),
                p.messages(), r.accepted(), r.failed(), r.sessions(), r.elapsedNanos() / 1e9, r.messagesPerSecond(),
                r.percentileMillis(50), r.percentileMillis(90), r.percentileMillis(99), r.maxMillis(),
                r.cpuMillisPerMessage(), r.serverCpuMillisPerMessage(), r.serverJitMillisPerMessage(), r.stoppedEarly(),
                failures);
    }
}
