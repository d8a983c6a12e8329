package org.smtpguard.policy.command;

/**
 * What a {@link CommandFilter} may know about the client session when it decides.
 *
 * @param clientTls         the client leg is encrypted (implicit TLS or after STARTTLS)
 * @param trustedNetwork    the client's address is in the trusted networks
 * @param authenticated     the client has authenticated successfully in this session
 * @param inTransaction     a mail transaction is open (MAIL was sent and not ended by the end of
 *                          data or RSET)
 * @param greeted           the client sent EHLO or HELO (again, after STARTTLS)
 * @param startTlsAvailable smtpguard can offer its own STARTTLS on this leg
 */
public record SessionView(boolean clientTls, boolean trustedNetwork, boolean authenticated,
                          boolean inTransaction, boolean greeted, boolean startTlsAvailable) {

    /** A greeted session on a leg where STARTTLS is not on offer. */
    public SessionView(boolean clientTls, boolean trustedNetwork, boolean authenticated, boolean inTransaction) {
        this(clientTls, trustedNetwork, authenticated, inTransaction, true, false);
    }
}
