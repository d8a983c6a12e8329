package org.smtpguard.policy.tls;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What is known about one upstream connection before it is made: everything
 * {@link TlsLevelPolicy} decides from.
 *
 * @param level           the configured level for this destination or upstream
 * @param host            the host to connect to (an MX host, or the configured upstream's host)
 * @param destination     the domain the mail is for (MX mode), or the configured upstream's TLS name
 * @param mxSecure        true if {@code host} came from a DNSSEC-validated MX answer
 * @param configuredNames names given in the configuration (for {@code verify}: the name to check,
 *                        replacing {@code host}; for {@code secure}: names accepted besides the domain)
 * @param tlsa            what the TLSA look-up of the host found ({@link TlsaStatus#NOT_LOOKED_UP} if not asked)
 * @param mtaSts          the destination's MTA-STS policy for this host ({@link MtaStsStatus#NONE} if not asked)
 */
public record TlsFacts(UpstreamTlsLevel level, String host, String destination, boolean mxSecure,
        List<String> configuredNames, TlsaStatus tlsa, MtaStsStatus mtaSts) {

    public TlsFacts {
        Objects.requireNonNull(level, "level");
        host = lower(Objects.requireNonNull(host, "host"));
        destination = lower(Objects.requireNonNull(destination, "destination"));
        configuredNames = configuredNames.stream().map(TlsFacts::lower).toList();
        Objects.requireNonNull(tlsa, "tlsa");
        Objects.requireNonNull(mtaSts, "mtaSts");
    }

    /** Facts for a fixed upstream (no MX, no DNS yet): the host is also the destination. */
    public static TlsFacts forUpstream(UpstreamTlsLevel level, String host, List<String> configuredNames) {
        return new TlsFacts(level, host, host, false, configuredNames, TlsaStatus.NOT_LOOKED_UP, MtaStsStatus.NONE);
    }

    public TlsFacts withTlsa(TlsaStatus newTlsa) {
        return new TlsFacts(level, host, destination, mxSecure, configuredNames, newTlsa, mtaSts);
    }

    public TlsFacts withMtaSts(MtaStsStatus newMtaSts) {
        return new TlsFacts(level, host, destination, mxSecure, configuredNames, tlsa, newMtaSts);
    }

    private static String lower(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
