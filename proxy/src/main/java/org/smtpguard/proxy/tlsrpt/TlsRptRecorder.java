package org.smtpguard.proxy.tlsrpt;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtpguard.policy.tlsrpt.TlsRptAggregate;
import org.smtpguard.policy.tlsrpt.TlsRptFailure;
import org.smtpguard.policy.tlsrpt.TlsRptPolicy;
import org.smtpguard.policy.tlsrpt.TlsRptReport;
import org.smtpguard.proxy.log.LogText;

/**
 * Counts upstream TLS sessions for TLS-RPT and writes each finished UTC day's reports
 * ({@link #writeCompletedDays()}, called periodically; {@link #writeAll()} at shutdown, which also
 * writes the day so far). Thread-safe: sessions on every event loop record here. A disabled recorder
 * counts nothing.
 */
public final class TlsRptRecorder {

    private static final Logger LOG = LoggerFactory.getLogger("smtpguard.tlsrpt");
    private static final TlsRptRecorder DISABLED = new TlsRptRecorder(Optional.empty(), Clock.systemUTC());

    private final Optional<TlsRptReportWriter> writer;
    private final Clock clock;
    private final TlsRptAggregate aggregate = new TlsRptAggregate();

    private TlsRptRecorder(Optional<TlsRptReportWriter> writer, Clock clock) {
        this.writer = writer;
        this.clock = clock;
    }

    /** A recorder that writes its reports with {@code writer}. */
    public static TlsRptRecorder writingTo(TlsRptReportWriter writer, Clock clock) {
        return new TlsRptRecorder(Optional.of(writer), clock);
    }

    /** The recorder when no report directory is configured. */
    public static TlsRptRecorder disabled() {
        return DISABLED;
    }

    public boolean isEnabled() {
        return writer.isPresent();
    }

    /** A session that negotiated TLS as {@code policy} required. */
    public void succeeded(TlsRptPolicy policy) {
        if (writer.isPresent()) {
            synchronized (aggregate) {
                aggregate.success(clock.instant(), policy);
            }
        }
    }

    /** A session that failed under {@code policy}. */
    public void failed(TlsRptPolicy policy, TlsRptFailure failure) {
        if (writer.isPresent()) {
            synchronized (aggregate) {
                aggregate.failure(clock.instant(), policy, failure);
            }
        }
    }

    /** Writes the reports of every UTC day that is over; returns the files written. */
    public List<Path> writeCompletedDays() {
        List<TlsRptReport> reports;
        synchronized (aggregate) {
            reports = aggregate.takeCompletedDays(clock.instant());
        }
        return write(reports);
    }

    /** Writes every report, today's so far included (at shutdown); returns the files written. */
    public List<Path> writeAll() {
        List<TlsRptReport> reports;
        synchronized (aggregate) {
            reports = aggregate.takeAll();
        }
        return write(reports);
    }

    private List<Path> write(List<TlsRptReport> reports) {
        List<Path> files = new ArrayList<>();
        if (writer.isEmpty()) {
            return files;
        }
        for (TlsRptReport report : reports) {
            try {
                Path file = writer.get().write(report);
                files.add(file);
                LOG.info("tls-rpt report written domain={} day={} file={}", report.policyDomain(), report.day(),
                        LogText.quoted(file.toString()));
            } catch (IOException e) {
                LOG.error("tls-rpt report not written domain={} day={} error={}", report.policyDomain(), report.day(),
                        LogText.quoted(LogText.oneLine(e)));
            }
        }
        return files;
    }
}
