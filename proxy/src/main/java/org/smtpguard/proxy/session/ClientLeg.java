package org.smtpguard.proxy.session;

/** What the session knows of the client leg when it starts. */
public record ClientLeg(ClientTls tls, boolean trustedNetwork, boolean startTlsAvailable) {

    /** How the client leg is (or became) encrypted; also a metric and log label. */
    public enum ClientTls {
        NONE, STARTTLS, IMPLICIT;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    ClientLeg withTls(ClientTls newTls) {
        return new ClientLeg(newTls, trustedNetwork, startTlsAvailable);
    }
}
