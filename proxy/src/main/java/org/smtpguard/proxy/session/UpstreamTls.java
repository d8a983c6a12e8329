package org.smtpguard.proxy.session;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.smtpguard.policy.tls.AppliedTls;

/**
 * What is known of a verified upstream's TLS, for logs and metrics.
 *
 * @param protocol    e.g. {@code TLSv1.3}
 * @param cipher      e.g. {@code TLS_AES_256_GCM_SHA384}
 * @param certificate the upstream's leaf certificate, as verified
 * @param resumed     the TLS session was resumed (verified when it was first established)
 * @param applied     the check the TLS was held to (DANE, MTA-STS, secure, verify, fingerprint)
 * @param why         why that check, in a few words
 * @param tlsa        under DANE, the TLSA records matched against, in presentation form (for TLS-RPT)
 */
public record UpstreamTls(String protocol, String cipher, Optional<X509Certificate> certificate, boolean resumed,
        AppliedTls applied, String why, List<String> tlsa) {

    public UpstreamTls {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(cipher, "cipher");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(applied, "applied");
        Objects.requireNonNull(why, "why");
        tlsa = List.copyOf(tlsa);
    }

    /** Checked as {@code applied}, without TLSA records. */
    public UpstreamTls(String protocol, String cipher, Optional<X509Certificate> certificate, boolean resumed,
            AppliedTls applied, String why) {
        this(protocol, cipher, certificate, resumed, applied, why, List.of());
    }

    /** Level verify: PKIX and the configured name. */
    public UpstreamTls(String protocol, String cipher, Optional<X509Certificate> certificate, boolean resumed) {
        this(protocol, cipher, certificate, resumed, AppliedTls.VERIFY, "level verify");
    }

    /** A full handshake's TLS (not resumed). */
    public UpstreamTls(String protocol, String cipher, Optional<X509Certificate> certificate) {
        this(protocol, cipher, certificate, false);
    }

    /** {@code TLSv1.3/TLS_AES_256_GCM_SHA384}. */
    public String summary() {
        return protocol + "/" + cipher;
    }
}
