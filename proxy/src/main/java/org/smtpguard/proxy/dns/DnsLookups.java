package org.smtpguard.proxy.dns;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import org.smtpguard.certs.TlsaRecord;

/**
 * Asynchronous DNS look-ups for delivery decisions: MX, A/AAAA, TLSA and TXT.
 *
 * <p>The contract every implementation keeps, so callers on a Netty event loop can chain on the
 * futures without ever blocking:
 * <ul>
 *   <li>No method blocks; the future completes on a resolver thread (or at once from the cache).
 *       Continue with {@code thenAcceptAsync(…, channel.eventLoop())} to get back onto a channel's
 *       event loop.</li>
 *   <li>The future always completes <em>normally</em>: time-outs, network errors, refusals and
 *       DNSSEC failures are an answer with {@link DnsOutcome#FAILURE}, never an exception.</li>
 *   <li>Each answer says whether it was DNSSEC-validated ({@link Dnssec}); a {@link Dnssec#BOGUS}
 *       answer never carries records.</li>
 *   <li>Answers are cached for their TTL (negative answers for the zone's negative TTL); failures
 *       are not cached. Names are absolute; a trailing dot is optional.</li>
 * </ul>
 * Implementations: {@link DnsjavaLookups} (dnsjava, validating).
 */
public interface DnsLookups {

    /** The MX records of {@code domain}, sorted by preference (lowest first), host names without the trailing dot. */
    CompletableFuture<DnsAnswer<MxHost>> mx(String domain);

    /** The IPv4 addresses (A) of {@code host}. */
    CompletableFuture<DnsAnswer<InetAddress>> ipv4(String host);

    /** The IPv6 addresses (AAAA) of {@code host}. */
    CompletableFuture<DnsAnswer<InetAddress>> ipv6(String host);

    /** The TLSA records of {@code _<port>._tcp.<host>} (RFC 6698, RFC 7672). */
    CompletableFuture<DnsAnswer<TlsaRecord>> tlsa(String host, int port);

    /** The TXT records of {@code name}, each as the concatenation of its strings (RFC 7208 §3.3, RFC 8461 §3.1). */
    CompletableFuture<DnsAnswer<String>> txt(String name);
}
