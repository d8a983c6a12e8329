package org.smtpguard.proxy.dns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * Reads a response of the validating resolver into a {@link DnsAnswer}: NXDOMAIN, no data and
 * failures apart; AD flag → secure; the validator's SERVFAIL with a reason → bogus.
 */
final class DnsResponses {

    /** CNAME links followed inside one response at most (RFC 1034 §3.6.2 chains). */
    private static final int MAX_CNAMES = 8;

    private DnsResponses() {
    }

    static <T> DnsAnswer<T> read(String name, Name qname, int type, Message response, Function<Record, T> map) {
        int rcode = response.getRcode();
        Dnssec dnssec = response.getHeader().getFlag(Flags.AD) ? Dnssec.SECURE : Dnssec.INSECURE;
        if (rcode == Rcode.SERVFAIL) {
            String reason = validationFailure(response);
            return reason == null ? DnsAnswer.failure(name, Dnssec.INSECURE, "SERVFAIL")
                    : DnsAnswer.failure(name, Dnssec.BOGUS, "DNSSEC validation failed: " + reason);
        }
        if (rcode == Rcode.NXDOMAIN) {
            return new DnsAnswer<>(name, DnsOutcome.NXDOMAIN, List.of(), negativeTtl(response), dnssec, "");
        }
        if (rcode != Rcode.NOERROR) {
            return DnsAnswer.failure(name, Dnssec.INSECURE, Rcode.string(rcode));
        }
        List<T> records = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        Name owner = qname;
        for (int hops = 0; hops <= MAX_CNAMES; hops++) {
            Name next = null;
            for (Record record : response.getSection(Section.ANSWER)) {
                if (!record.getName().equals(owner)) {
                    continue;
                }
                if (record.getType() == type) {
                    records.add(map.apply(record));
                    ttl = Math.min(ttl, record.getTTL());
                } else if (record instanceof CNAMERecord cname) {
                    next = cname.getTarget();
                    ttl = Math.min(ttl, record.getTTL());
                }
            }
            if (!records.isEmpty() || next == null) {
                break;
            }
            owner = next;
        }
        if (records.isEmpty()) {
            return new DnsAnswer<>(name, DnsOutcome.NO_DATA, List.of(), negativeTtl(response), dnssec, "");
        }
        return new DnsAnswer<>(name, DnsOutcome.ANSWER, records, Duration.ofSeconds(ttl), dnssec, "");
    }

    /** The negative-caching TTL of RFC 2308 §5: the smaller of the SOA's TTL and its MINIMUM; zero without SOA. */
    private static Duration negativeTtl(Message response) {
        for (Record record : response.getSection(Section.AUTHORITY)) {
            if (record instanceof SOARecord soa) {
                return Duration.ofSeconds(Math.min(soa.getTTL(), soa.getMinimum()));
            }
        }
        return Duration.ZERO;
    }

    /** The reason dnsjava's validator adds to a bogus answer, or null if this SERVFAIL came from a server. */
    private static String validationFailure(Message response) {
        for (Record record : response.getSection(Section.ADDITIONAL)) {
            if (record.getDClass() == ValidatingResolver.VALIDATION_REASON_QCLASS && record instanceof TXTRecord txt) {
                return String.join("", txt.getStrings());
            }
        }
        return null;
    }

    /** Lower case, without the trailing dot: the form of names in answers and cache keys. */
    static String plain(Name name) {
        String text = name.toString(true).toLowerCase(java.util.Locale.ROOT);
        return text.equals(".") ? "" : text;
    }
}
