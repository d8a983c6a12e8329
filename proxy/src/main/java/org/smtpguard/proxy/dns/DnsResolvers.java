package org.smtpguard.proxy.dns;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.smtpguard.proxy.config.DnsConfig;
import org.smtpguard.proxy.config.HostPort;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * Builds the resolver smtpguard uses: the configured servers ({@code dns.servers}, else the
 * system's), wrapped in dnsjava's {@link ValidatingResolver} with the trust anchors of
 * {@code dns.trust_anchor} (else the root zone's KSKs, bundled as {@value #ROOT_ANCHORS}).
 * The servers need not validate; they must return DNSSEC records (DO bit), as any recursive
 * resolver and any authoritative server for the zone do.
 */
public final class DnsResolvers {

    /** The IANA root trust anchors (DS records, zone-file form) on the class path. */
    public static final String ROOT_ANCHORS = "/org/smtpguard/proxy/dns/root-anchors.txt";

    private DnsResolvers() {
    }

    /**
     * The look-ups for this configuration, on a small daemon thread pool of their own.
     *
     * @throws IOException if the trust anchor file cannot be read or parsed
     */
    public static DnsjavaLookups lookups(DnsConfig config, Clock clock) throws IOException {
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "smtpguard-dns");
            thread.setDaemon(true);
            return thread;
        });
        return new DnsjavaLookups(validating(config, clock), executor, config.cacheEntries(), clock);
    }

    /** The validating resolver for this configuration. */
    public static ValidatingResolver validating(DnsConfig config, Clock clock) throws IOException {
        ValidatingResolver validating = new ValidatingResolver(servers(config), clock);
        validating.setAddReasonToAdditional(true);
        validating.setTimeout(config.timeout());
        if (config.trustAnchor().isPresent()) {
            try (InputStream in = Files.newInputStream(config.trustAnchor().get())) {
                validating.loadTrustAnchors(in);
            }
        } else {
            try (InputStream in = DnsResolvers.class.getResourceAsStream(ROOT_ANCHORS)) {
                if (in == null) {
                    throw new IOException("missing resource " + ROOT_ANCHORS);
                }
                validating.loadTrustAnchors(in);
            }
        }
        return validating;
    }

    private static Resolver servers(DnsConfig config) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (HostPort server : config.servers()) {
            addresses.add(new InetSocketAddress(server.host(), server.port()));
        }
        if (addresses.isEmpty()) {
            addresses.addAll(ResolverConfig.getCurrentConfig().servers());
        }
        List<Resolver> resolvers = new ArrayList<>();
        for (InetSocketAddress address : addresses) {
            SimpleResolver resolver = new SimpleResolver(address);
            resolver.setTimeout(config.timeout());
            resolvers.add(resolver);
        }
        if (resolvers.size() == 1) {
            return resolvers.get(0);
        }
        ExtendedResolver extended = new ExtendedResolver(resolvers);
        extended.setTimeout(config.timeout());
        return extended;
    }
}
