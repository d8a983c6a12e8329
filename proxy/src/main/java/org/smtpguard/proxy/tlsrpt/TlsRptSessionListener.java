package org.smtpguard.proxy.tlsrpt;

import java.util.Optional;
import java.util.function.Function;
import org.smtpguard.policy.decision.RefusalReason;
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

    private final TlsRptRecorder recorder;
    private final String upstreamName;
    private final Optional<String> upstreamIp;
    private final Function<String, Optional<StsLookup>> stsPolicies;
    private TlsRptPolicy policy;
    private Optional<TlsRptResultType> policyFailure = Optional.empty();
    private boolean policyKnown;
    private boolean counted;

    /**
     * @param upstreamName the upstream's host name (the MX, or the smart host: then also the policy
     *                     domain until {@link #tlsPolicyApplied} says otherwise)
     * @param upstreamIp   its address, when known
     */
    public TlsRptSessionListener(TlsRptRecorder recorder, String upstreamName, Optional<String> upstreamIp,
            Function<String, Optional<StsLookup>> stsPolicies) {
        this.recorder = recorder;
        this.upstreamName = upstreamName;
        this.upstreamIp = upstreamIp;
        this.stsPolicies = stsPolicies;
        this.policy = TlsRptPolicy.noPolicyFound(upstreamName);
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
        if (!recorder.isEnabled() || name.contains(":")) {
            return new SessionListener() { };
        }
        String host = target.address().host();
        boolean literal = host.contains(":") || host.matches("[0-9.]+");
        return new TlsRptSessionListener(recorder, name, literal ? Optional.of(host) : Optional.empty(), stsPolicies);
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
        stsPolicies.apply(policy.policyDomain()).ifPresent(sts -> {
            policy = sts.tlsRptPolicy();
            policyFailure = sts.fetchFailure();
        });
    }

    @Override
    public void upstreamVerified(UpstreamTls tls) {
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
            findPolicy();
            count(policyFailure.orElse(type.get()));
        }
    }

    private void count(TlsRptResultType type) {
        if (counted) {
            return;
        }
        counted = true;
        recorder.failed(policy, new TlsRptFailure(type, Optional.empty(), Optional.of(upstreamName), upstreamIp,
                Optional.empty()));
    }
}
