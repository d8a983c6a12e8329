package org.smtpguard.certs;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Readable names for the extended key usage OIDs an operator is likely to meet. */
final class KeyUsageNames {

    static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    static final String ANY = "2.5.29.37.0";

    private static final Map<String, String> NAMES = Map.of(
            SERVER_AUTH, "serverAuth",
            "1.3.6.1.5.5.7.3.2", "clientAuth",
            "1.3.6.1.5.5.7.3.3", "codeSigning",
            "1.3.6.1.5.5.7.3.4", "emailProtection",
            "1.3.6.1.5.5.7.3.8", "timeStamping",
            "1.3.6.1.5.5.7.3.9", "OCSPSigning",
            ANY, "anyExtendedKeyUsage");

    private KeyUsageNames() {
    }

    /** E.g. {@code clientAuth, emailProtection}; unknown usages by OID. */
    static String describe(List<String> oids) {
        return oids.stream().map(oid -> NAMES.getOrDefault(oid, oid)).collect(Collectors.joining(", "));
    }
}
