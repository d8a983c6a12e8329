package org.smtpguard.proxy.metrics;

import java.util.Set;

/**
 * TLS protocol and cipher suite names as label values: only names from these fixed lists, anything
 * else is {@code other}, so that the number of series stays bounded whatever a peer negotiates.
 */
final class TlsLabels {

    static final String OTHER = "other";

    private static final Set<String> PROTOCOLS = Set.of("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1");

    private static final Set<String> CIPHERS = Set.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
            "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384");

    private TlsLabels() {
    }

    static String protocol(String name) {
        return name != null && PROTOCOLS.contains(name) ? name : OTHER;
    }

    /** The suite's IANA/JSSE name (Netty reports these with OpenSSL too), or {@code other}. */
    static String cipher(String name) {
        return name != null && CIPHERS.contains(name) ? name : OTHER;
    }
}
