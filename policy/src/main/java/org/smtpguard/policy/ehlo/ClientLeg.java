package org.smtpguard.policy.ehlo;

/**
 * What {@link CapabilityPolicy} needs to know about the client leg when it answers EHLO.
 *
 * @param tls               the client leg is already encrypted (implicit TLS or after STARTTLS)
 * @param startTlsAvailable smtpguard has a certificate and can offer its own STARTTLS on this leg
 * @param authAllowed       AUTH may be offered on this leg (encrypted, or a trusted network)
 * @param messageSizeLimit  smtpguard's own message size limit in bytes
 */
public record ClientLeg(boolean tls, boolean startTlsAvailable, boolean authAllowed, long messageSizeLimit) {

    public ClientLeg {
        if (messageSizeLimit <= 0) {
            throw new IllegalArgumentException("message size limit must be positive: " + messageSizeLimit);
        }
    }
}
