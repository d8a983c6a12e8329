package org.smtpguard.policy.mx;

import java.util.Optional;
import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.policy.smtp.Reply;

/**
 * One transaction, one destination: in mx mode a transaction is relayed to the MX of its first
 * recipient's domain, so a recipient of another domain gets {@code 452 4.5.3} and the client sends it
 * in a transaction of its own (RFC 5321 §3.3 and §4.5.3.1.10: a client must handle 452 by retrying the
 * recipient later).
 */
public final class DomainGrouping {

    public static final Reply OTHER_DOMAIN = RefusalReason.OTHER_DOMAIN.reply();

    private DomainGrouping() {
    }

    /**
     * @param transactionDomain the domain of the transaction's first routed recipient, or empty
     * @param recipientDomain   this recipient's domain
     * @return the refusal, or empty when the recipient belongs in this transaction
     */
    public static Optional<Reply> decide(Optional<String> transactionDomain, String recipientDomain) {
        if (transactionDomain.isEmpty() || transactionDomain.get().equalsIgnoreCase(recipientDomain)) {
            return Optional.empty();
        }
        return Optional.of(OTHER_DOMAIN);
    }
}
