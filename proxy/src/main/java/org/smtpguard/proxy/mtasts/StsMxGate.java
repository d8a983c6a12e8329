package org.smtpguard.proxy.mtasts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtpguard.policy.mtasts.StsMxVerdict;
import org.smtpguard.proxy.log.LogText;

/**
 * Applies a domain's MTA-STS policy to one MX host and logs what it did when the host is not listed:
 * in {@code testing} mode one WARN line and delivery goes on; in {@code enforce} mode one WARN line
 * and the caller refuses ({@link org.smtpguard.policy.decision.RefusalReason#MTA_STS_MX_NOT_LISTED}).
 */
public final class StsMxGate {

    private static final Logger LOG = LoggerFactory.getLogger("smtpguard.mtasts");

    private StsMxGate() {
    }

    public static StsMxVerdict check(StsLookup lookup, String mxHost) {
        StsMxVerdict verdict = lookup.verdictFor(mxHost);
        if (verdict == StsMxVerdict.MX_NOT_LISTED_TESTING || verdict == StsMxVerdict.MX_NOT_LISTED_REFUSED) {
            LOG.warn("mta-sts mx not listed domain={} mx={} policy={} verdict={} action={}", lookup.domain(),
                    LogText.quoted(mxHost), lookup.summary(), verdict.label(),
                    verdict.allowsDelivery() ? "deliver" : "refuse");
        }
        return verdict;
    }
}
