package org.smtpguard.proxy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtpguard.proxy.log.FailureText;

/**
 * Checks the certificate files every {@code tls.reload_interval} on one daemon thread of its own
 * (file reads never run on an event loop), so that a renewed certificate or CA file is picked up
 * without a restart and without dropping a connection.
 */
final class CertificateWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("smtpguard.tls");

    private final ScheduledExecutorService timer;

    CertificateWatch(Duration interval, List<FileBacked<?>> candidates) {
        List<FileBacked<?>> watched = candidates.stream().filter(FileBacked::hasFiles).toList();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "smtpguard-tls-reload");
            t.setDaemon(true);
            return t;
        });
        if (!watched.isEmpty()) {
            long millis = interval.toMillis();
            timer.scheduleWithFixedDelay(() -> watched.forEach(CertificateWatch::check), millis, millis,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** One check; nothing it throws may end the schedule. */
    private static void check(FileBacked<?> backed) {
        try {
            backed.check();
        } catch (RuntimeException e) {
            LOG.warn("certificate files not checked: {}", FailureText.of(e));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
