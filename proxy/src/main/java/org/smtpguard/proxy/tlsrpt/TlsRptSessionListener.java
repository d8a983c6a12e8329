package org.smtpguard.proxy.tlsrpt;

import java.util.Optional;
import java.util.function.Function;
import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.policy.tls.AppliedTls;
import org.smtpguard.policy.tlsrpt.TlsRptFailure;
import org.smtpguard.policy.tlsrpt.TlsRptPolicy;
import org.smtpguard.policy.tlsrpt.TlsRptResultType;
import org.smtpguard.proxy.mtasts.StsLookup;
import org.smtpguard.proxy.session.SessionListener;
import org.smtpguard.proxy.session.UpstreamTls;
import org.smtpguard.proxy.upstream.UpstreamTarget;

/**
 * Counts one session for TLS-RPT, once, when its upstream connection is verified or refused: a
 * success, or a failure with the result type of the refusal. Refusals that are not about TLS
 * (unreachable, timeout) are no TLS session and are not counted. When discovering the policy failed
 * ({@link #tlsPolicyApplied}), the session counts as a failure of that kind
 * ({@code sts-policy-fetch-error}, …) whatever its TLS did: that is what the policy domain needs to hear.
 */
public final class TlsRptSessionListener implements SessionListener {

    /** Refusals that come from a domain's validated TLSA records: counted under its DANE policy. */
    private static final java.util.Set<RefusalReason> DANE_REFUSALS = java.util.EnumSet.of(
            RefusalReason.CERT_TLSA_MISMATCH, RefusalReason.DANE_REQUIRED, RefusalReason.DNSSEC_BOGUS);

    private final TlsRptRecorder recorder;
    private final String policyDomain;
    private final String mxHost;
    private final Optional<String> receivingIp;
    private final Function<String, Optional<StsLookup>> stsPolicies;
    private TlsRptPolicy policy;
    private Optional<TlsRptResultType> policyFailure = Optional.empty();
    private boolean policyKnown;
    private boolean counted;

    /**
     * @param policyDomain the domain whose policy the session is counted under (the recipient domain in
     *                     mx mode; the smart host's name, until {@link #tlsPolicyApplied} says otherwise)
     * @param mxHost       the upstream's host name, reported as {@code receiving-mx-hostname}
     * @param receivingIp  its address, when known
     */
    public TlsRptSessionListener(TlsRptRecorder recorder, String policyDomain, String mxHost,
            Optional<String> receivingIp, Function<String, Optional<StsLookup>> stsPolicies) {
        this.recorder = recorder;
        this.policyDomain = policyDomain;
        this.mxHost = mxHost;
        this.receivingIp = receivingIp;
        this.stsPolicies = stsPolicies;
        this.policy = TlsRptPolicy.noPolicyFound(policyDomain);
    }

    /**
     * The listener of a session relaying to {@code target}: counts under "no policy found" for the
     * target's name until {@link #tlsPolicyApplied} says otherwise. A disabled recorder, or a target
     * named by an IPv6 literal (no policy domain), gives a listener that counts nothing.
     */
    public static SessionListener forTarget(TlsRptRecorder recorder, UpstreamTarget target) {
        return forTarget(recorder, target, domain -> Optional.empty());
    }

    /**
     * As above; without a {@link #tlsPolicyApplied} event the session counts under the MTA-STS
     * policy {@code stsPolicies} last found for the target's name, or as the failure to get it.
     */
    public static SessionListener forTarget(TlsRptRecorder recorder, UpstreamTarget target,
            Function<String, Optional<StsLookup>> stsPolicies) {
        String name = target.tlsName().toLowerCase(java.util.Locale.ROOT);
        return of(recorder, name, name, target, stsPolicies);
    }

    /**
     * mx mode: one connection to an MX host of {@code domain}, counted under the domain's policy
     * (its MTA-STS policy last found, or the MX host's TLSA records when DANE applied).
     */
    public static SessionListener forMxAttempt(TlsRptRecorder recorder, String domain, UpstreamTarget target,
            Function<String, Optional<StsLookup>> stsPolicies) {
        return of(recorder, domain.toLowerCase(java.util.Locale.ROOT),
                target.tlsName().toLowerCase(java.util.Locale.ROOT), target, stsPolicies);
    }

    private static SessionListener of(TlsRptRecorder recorder, String policyDomain, String mxHost,
            UpstreamTarget target, Function<String, Optional<StsLookup>> stsPolicies) {
        if (!recorder.isEnabled() || policyDomain.contains(":") || mxHost.contains(":")) {
            return new SessionListener() { };
        }
        Optional<String> receivingIp = target.address().isIpLiteral() ? Optional.of(target.address().host())
                : Optional.empty();
        return new TlsRptSessionListener(recorder, policyDomain, mxHost, receivingIp, stsPolicies);
    }

    @Override
    public void tlsPolicyApplied(TlsRptPolicy applied, Optional<TlsRptResultType> failure) {
        this.policy = applied;
        this.policyFailure = failure;
        this.policyKnown = true;
    }

    /** Without an explicit policy: the MTA-STS policy of the upstream's name, if one applied. */
    private void findPolicy() {
        if (policyKnown) {
            return;
        }
        policyKnown = true;
        stsPolicies.apply(policyDomain).ifPresent(sts -> {
            policy = sts.tlsRptPolicy();
            policyFailure = sts.fetchFailure();
        });
    }

    @Override
    public void upstreamVerified(UpstreamTls tls) {
        if (tls.applied() == AppliedTls.DANE && !policyKnown) {
            policyKnown = true;
            policy = TlsRptPolicy.tlsa(policyDomain, tls.tlsa(), mxHost);
        }
        findPolicy();
        if (policyFailure.isPresent()) {
            count(policyFailure.get());
        } else if (!counted) {
            counted = true;
            recorder.succeeded(policy);
        }
    }

    @Override
    public void upstreamRefused(RefusalReason reason, String seen) {
        Optional<TlsRptResultType> type = TlsRptResultType.forRefusal(reason);
        if (type.isPresent()) {
            if (DANE_REFUSALS.contains(reason) && !policyKnown) {
                policyKnown = true;
                policy = TlsRptPolicy.tlsa(policyDomain, java.util.List.of(), mxHost);
            }
            findPolicy();
            count(policyFailure.orElse(type.get()));
        }
    }

    private void count(TlsRptResultType type) {
        if (counted) {
            return;
        }
        counted = true;
        recorder.failed(policy, new TlsRptFailure(type, Optional.empty(), Optional.of(mxHost), receivingIp,
                Optional.empty()));
    }
}
