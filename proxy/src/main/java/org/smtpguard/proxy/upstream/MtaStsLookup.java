package org.smtpguard.proxy.upstream;

import java.util.concurrent.CompletableFuture;
import org.smtpguard.policy.tls.MtaStsStatus;

/**
 * Where {@link TlsPlanner} asks for a destination's MTA-STS policy as it applies to one MX host.
 * The MTA-STS code (TXT record, HTTPS policy file, cache) implements it; until it is wired in,
 * {@link #NONE} says no destination has a policy. Must not block; must complete normally.
 */
@FunctionalInterface
public interface MtaStsLookup {

    MtaStsLookup NONE = (domain, mxHost) -> CompletableFuture.completedFuture(MtaStsStatus.NONE);

    CompletableFuture<MtaStsStatus> status(String domain, String mxHost);
}
