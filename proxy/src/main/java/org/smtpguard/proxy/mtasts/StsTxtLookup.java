package org.smtpguard.proxy.mtasts;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.smtpguard.proxy.dns.DnsLookups;
import org.smtpguard.proxy.dns.DnsOutcome;

/**
 * The TXT records of a name, each the concatenation of its strings; an empty list when there are
 * none or the look-up failed (RFC 8461 treats both alike: a cached policy still applies). Never
 * blocks; the future always completes normally.
 */
@FunctionalInterface
public interface StsTxtLookup {

    CompletableFuture<List<String>> txt(String name);

    /** TXT records through smtpguard's DNS look-ups: the records of an answer; nothing for no data, NXDOMAIN or a failure. */
    static StsTxtLookup over(DnsLookups dns) {
        return name -> dns.txt(name).thenApply(answer ->
                answer.outcome() == DnsOutcome.ANSWER ? answer.records() : List.<String>of());
    }
}
