package org.smtpguard.proxy.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.smtpguard.certs.TlsaRecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.dnssec.ValidatingResolver;

/** How responses become answers (outcome, DNSSEC status, TTL) and how the cache keeps them; no sockets. */
class DnsjavaLookupsTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    private final MutableClock clock = new MutableClock();
    private final ScriptedResolver resolver = new ScriptedResolver();
    private final DnsjavaLookups lookups = new DnsjavaLookups(resolver, Runnable::run, 100, clock);

    @Test
    void mxHostsComeSortedByPreferenceWithTheSmallestTtlAndSecureWhenTheValidatorSetAd() throws Exception {
        resolver.on("example.test.", q -> answer(q, true,
                new MXRecord(name("example.test."), DClass.IN, 300, 20, name("mx2.example.test.")),
                new MXRecord(name("example.test."), DClass.IN, 120, 10, name("MX1.example.test."))));

        DnsAnswer<MxHost> answer = lookups.mx("Example.TEST.").get();

        assertThat(answer.outcome()).isEqualTo(DnsOutcome.ANSWER);
        assertThat(answer.records()).containsExactly(new MxHost(10, "mx1.example.test"), new MxHost(20, "mx2.example.test"));
        assertThat(answer.ttl()).isEqualTo(Duration.ofSeconds(120));
        assertThat(answer.dnssec()).isEqualTo(Dnssec.SECURE);
        assertThat(answer.name()).isEqualTo("example.test");
    }

    @Test
    void anAnswerWithoutAdIsInsecure() throws Exception {
        resolver.on("host.test.", q -> answer(q, false,
                new ARecord(name("host.test."), DClass.IN, 60, address("192.0.2.1"))));

        DnsAnswer<InetAddress> answer = lookups.ipv4("host.test").get();

        assertThat(answer.records()).containsExactly(InetAddress.getByName("192.0.2.1"));
        assertThat(answer.dnssec()).isEqualTo(Dnssec.INSECURE);
    }

    @Test
    void nxdomainAndNoDataAreKeptApartAndCachedForTheSoaNegativeTtl() throws Exception {
        resolver.on("gone.test.", q -> negative(q, Rcode.NXDOMAIN, true));
        resolver.on("host.test.", q -> negative(q, Rcode.NOERROR, false));

        DnsAnswer<InetAddress> gone = lookups.ipv6("gone.test").get();
        DnsAnswer<InetAddress> noData = lookups.ipv6("host.test").get();

        assertThat(gone.outcome()).isEqualTo(DnsOutcome.NXDOMAIN);
        assertThat(gone.dnssec()).isEqualTo(Dnssec.SECURE);
        assertThat(gone.ttl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(noData.outcome()).isEqualTo(DnsOutcome.NO_DATA);
        assertThat(noData.isEmpty()).isTrue();
        lookups.ipv6("gone.test").get();
        assertThat(resolver.queries).containsExactly("gone.test.", "host.test.");
    }

    @Test
    void aServerFailureIsAFailureButTheValidatorsServfailWithAReasonIsBogus() throws Exception {
        resolver.on("broken.test.", q -> negative(q, Rcode.SERVFAIL, false));
        resolver.on("_25._tcp.mx.bogus.test.", q -> {
            Message m = negative(q, Rcode.SERVFAIL, false);
            m.addRecord(new TXTRecord(Name.root, ValidatingResolver.VALIDATION_REASON_QCLASS, 0,
                    "validate.bogus.badkey:mx.bogus.test."), Section.ADDITIONAL);
            return m;
        });

        DnsAnswer<String> broken = lookups.txt("broken.test").get();
        DnsAnswer<TlsaRecord> bogus = lookups.tlsa("mx.bogus.test", 25).get();

        assertThat(broken.outcome()).isEqualTo(DnsOutcome.FAILURE);
        assertThat(broken.dnssec()).isEqualTo(Dnssec.INSECURE);
        assertThat(broken.detail()).isEqualTo("SERVFAIL");
        assertThat(bogus.outcome()).isEqualTo(DnsOutcome.FAILURE);
        assertThat(bogus.dnssec()).isEqualTo(Dnssec.BOGUS);
        assertThat(bogus.records()).isEmpty();
        assertThat(bogus.detail()).contains("validate.bogus.badkey");
    }

    @Test
    void aTimeOutIsAFailureNotAnExceptionAndIsNotCached() throws Exception {
        resolver.failing("slow.test.", new SocketTimeoutException("Query timed out"));

        DnsAnswer<MxHost> first = lookups.mx("slow.test").get();
        lookups.mx("slow.test").get();

        assertThat(first.outcome()).isEqualTo(DnsOutcome.FAILURE);
        assertThat(first.detail()).isEqualTo("timed out");
        assertThat(resolver.queries).hasSize(2);
        assertThat(lookups.cachedAnswers()).isZero();
    }

    @Test
    void tlsaIsAskedAtPortAndProtocolUnderTheHostAndKeepsItsFields() throws Exception {
        byte[] digest = HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        resolver.on("_25._tcp.mx.example.test.", q -> answer(q, true,
                new TLSARecord(name("_25._tcp.mx.example.test."), DClass.IN, 300, 3, 1, 1, digest)));

        DnsAnswer<TlsaRecord> answer = lookups.tlsa("mx.example.test", 25).get();

        assertThat(answer.records()).containsExactly(new TlsaRecord(3, 1, 1, digest));
        assertThat(answer.records().get(0).isUsableForSmtp()).isTrue();
        assertThat(answer.isSecure()).isTrue();
    }

    @Test
    void aCnameInTheAnswerIsFollowedAndTxtStringsAreJoined() throws Exception {
        resolver.on("_mta-sts.example.test.", q -> answer(q, false,
                new CNAMERecord(name("_mta-sts.example.test."), DClass.IN, 50, name("sts.provider.test.")),
                new TXTRecord(name("sts.provider.test."), DClass.IN, 600, List.of("v=STSv1; ", "id=20261123;"))));

        DnsAnswer<String> answer = lookups.txt("_mta-sts.example.test").get();

        assertThat(answer.records()).containsExactly("v=STSv1; id=20261123;");
        assertThat(answer.ttl()).isEqualTo(Duration.ofSeconds(50));
    }

    @Test
    void aCachedAnswerIsUsedUntilItsTtlRunsOutThenAskedAgain() throws Exception {
        resolver.on("host.test.", q -> answer(q, false,
                new AAAARecord(name("host.test."), DClass.IN, 60, address("2001:db8::1"))));

        lookups.ipv6("host.test").get();
        clock.advance(Duration.ofSeconds(59));
        lookups.ipv6("HOST.test.").get();
        assertThat(resolver.queries).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        lookups.ipv6("host.test").get();
        assertThat(resolver.queries).hasSize(2);
    }

    @Test
    void theCacheKeepsAtMostItsCapacityDroppingTheLeastRecentlyUsed() throws Exception {
        DnsjavaLookups small = new DnsjavaLookups(resolver, Runnable::run, 2, clock);
        for (String host : List.of("a.test.", "b.test.", "c.test.")) {
            resolver.on(host, q -> answer(q, false,
                    new ARecord(q.getQuestion().getName(), DClass.IN, 600, address("192.0.2.7"))));
        }
        small.ipv4("a.test").get();
        small.ipv4("b.test").get();
        small.ipv4("a.test").get();
        small.ipv4("c.test").get();
        assertThat(small.cachedAnswers()).isEqualTo(2);
        small.ipv4("a.test").get();
        small.ipv4("b.test").get();
        assertThat(resolver.queries).containsExactly("a.test.", "b.test.", "c.test.", "b.test.");
    }

    @Test
    void aNameThatIsNotADomainNameIsAFailureWithoutAQuery() throws Exception {
        DnsAnswer<MxHost> answer = lookups.mx("a..b").get();
        assertThat(answer.outcome()).isEqualTo(DnsOutcome.FAILURE);
        assertThat(resolver.queries).isEmpty();
    }

    private static Message answer(Message query, boolean authenticated, Record... records) {
        Message response = response(query, Rcode.NOERROR, authenticated);
        for (Record record : records) {
            response.addRecord(record, Section.ANSWER);
        }
        return response;
    }

    private static Message negative(Message query, int rcode, boolean authenticated) {
        Message response = response(query, rcode, authenticated);
        response.addRecord(new SOARecord(name("test."), DClass.IN, 3600, name("ns.test."), name("hostmaster.test."),
                1, 3600, 600, 86400, 30), Section.AUTHORITY);
        return response;
    }

    private static Message response(Message query, int rcode, boolean authenticated) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        if (authenticated) {
            response.getHeader().setFlag(Flags.AD);
        }
        response.getHeader().setRcode(rcode);
        response.addRecord(query.getQuestion(), Section.QUESTION);
        return response;
    }

    private static Name name(String text) {
        try {
            return Name.fromString(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final class MutableClock extends Clock {
        private Instant now = T0;

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
