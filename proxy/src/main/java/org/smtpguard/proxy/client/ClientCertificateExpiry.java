package org.smtpguard.proxy.client;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtpguard.certs.ExpiryWarnings;
import org.smtpguard.certs.Fingerprints;
import org.smtpguard.proxy.log.LogText;

/**
 * Warns in the log when a client-side certificate comes within 30, 14 and 7 days of its expiry
 * (one line per certificate and threshold), and logs an error each check once it has expired.
 * {@link #check()} runs at start and then periodically (every {@link #PERIOD_HOURS} hours).
 */
public final class ClientCertificateExpiry {

    /** How often the certificates are looked at after start. */
    public static final long PERIOD_HOURS = 6;

    private static final Logger LOG = LoggerFactory.getLogger("smtpguard.tls");

    /** A certificate smtpguard presents, and where it came from (a file, or "generated"). */
    public record Watched(String origin, X509Certificate certificate) {
    }

    private final List<Watched> certificates;
    private final Clock clock;
    private final Map<String, Integer> warned = new HashMap<>();

    public ClientCertificateExpiry(List<Watched> certificates, Clock clock) {
        this.certificates = List.copyOf(certificates);
        this.clock = clock;
    }

    /** Logs what is due now; returns the number of lines logged. */
    public synchronized int check() {
        int logged = 0;
        for (Watched watched : certificates) {
            X509Certificate certificate = watched.certificate();
            Optional<Integer> stage = ExpiryWarnings.stage(certificate, clock.instant());
            String id = Fingerprints.sha256(certificate);
            if (stage.isEmpty()) {
                warned.remove(id);
                continue;
            }
            int now = stage.get();
            if (now == ExpiryWarnings.EXPIRED) {
                LOG.error("client-side certificate expired file={} subject={} not_after={} sha256={}",
                        watched.origin(), LogText.quoted(certificate.getSubjectX500Principal().getName()),
                        certificate.getNotAfter().toInstant(), id);
                logged++;
            } else if (!Integer.valueOf(now).equals(warned.get(id))) {
                LOG.warn("client-side certificate expires soon file={} subject={} not_after={} days_left={}"
                                + " threshold_days={} sha256={}", watched.origin(),
                        LogText.quoted(certificate.getSubjectX500Principal().getName()),
                        certificate.getNotAfter().toInstant(), ExpiryWarnings.daysLeft(certificate, clock.instant()),
                        now, id);
                logged++;
            }
            warned.put(id, now);
        }
        return logged;
    }

    /** The certificate of {@code file} for {@link Watched}: the path as text, or {@code generated}. */
    public static String origin(Optional<Path> file) {
        return file.map(Path::toString).orElse("generated");
    }
}
