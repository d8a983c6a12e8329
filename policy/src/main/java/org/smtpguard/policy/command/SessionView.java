package org.smtpguard.policy.command;

/**
 * What a {@link CommandFilter} may know about the client session when it decides.
 *
 * @param clientTls      the client leg is encrypted (implicit TLS or after STARTTLS)
 * @param trustedNetwork the client's address is in the trusted networks
 * @param authenticated  the client has authenticated successfully in this session
 * @param inTransaction  a MAIL command has been accepted and the transaction has not ended
 */
public record SessionView(boolean clientTls, boolean trustedNetwork, boolean authenticated,
                          boolean inTransaction) {
}
