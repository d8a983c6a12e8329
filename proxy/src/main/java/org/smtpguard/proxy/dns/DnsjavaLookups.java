package org.smtpguard.proxy.dns;

import java.net.InetAddress;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.smtpguard.certs.TlsaRecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * {@link DnsLookups} on dnsjava: every query goes through {@link Resolver#sendAsync(Message, Executor)}
 * of a (validating) resolver, so no thread waits for DNS; answers are cached per TTL in a bounded
 * {@link AnswerCache}. Build the production instance with {@link DnsResolvers#lookups}.
 */
public final class DnsjavaLookups implements DnsLookups {

    private final Resolver resolver;
    private final Executor executor;
    private final AnswerCache cache;

    /**
     * @param resolver  the resolver to ask (normally dnsjava's {@code ValidatingResolver} around the configured servers)
     * @param executor  where the resolver's continuations and the futures' completions run (never an event loop)
     * @param cacheSize the most answers kept (0: no cache)
     * @param clock     for TTL expiry
     */
    public DnsjavaLookups(Resolver resolver, Executor executor, int cacheSize, Clock clock) {
        this.resolver = resolver;
        this.executor = executor;
        this.cache = new AnswerCache(cacheSize, clock);
    }

    @Override
    public CompletableFuture<DnsAnswer<MxHost>> mx(String domain) {
        return lookup(domain, Type.MX, record -> {
            MXRecord mx = (MXRecord) record;
            return new MxHost(mx.getPriority(), DnsResponses.plain(mx.getTarget()));
        }).thenApply(DnsjavaLookups::byPreference);
    }

    @Override
    public CompletableFuture<DnsAnswer<InetAddress>> ipv4(String host) {
        return lookup(host, Type.A, record -> ((ARecord) record).getAddress());
    }

    @Override
    public CompletableFuture<DnsAnswer<InetAddress>> ipv6(String host) {
        return lookup(host, Type.AAAA, record -> ((AAAARecord) record).getAddress());
    }

    @Override
    public CompletableFuture<DnsAnswer<TlsaRecord>> tlsa(String host, int port) {
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range 1-65535: " + port);
        }
        return lookup("_" + port + "._tcp." + host, Type.TLSA, record -> {
            TLSARecord tlsa = (TLSARecord) record;
            return new TlsaRecord(tlsa.getCertificateUsage(), tlsa.getSelector(), tlsa.getMatchingType(),
                    tlsa.getCertificateAssociationData());
        });
    }

    @Override
    public CompletableFuture<DnsAnswer<String>> txt(String name) {
        return lookup(name, Type.TXT, record -> String.join("", ((TXTRecord) record).getStrings()));
    }

    /** How many answers the cache holds now (for tests and metrics). */
    public int cachedAnswers() {
        return cache.size();
    }

    private <T> CompletableFuture<DnsAnswer<T>> lookup(String name, int type, Function<Record, T> map) {
        String plain = name.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        Name qname;
        try {
            qname = Name.fromString(plain, Name.root);
        } catch (TextParseException e) {
            return CompletableFuture.completedFuture(DnsAnswer.failure(plain, Dnssec.INSECURE, "not a domain name"));
        }
        Optional<DnsAnswer<T>> cached = cache.get(type, plain);
        if (cached.isPresent()) {
            return CompletableFuture.completedFuture(cached.get());
        }
        Message query = Message.newQuery(Record.newRecord(qname, type, DClass.IN));
        CompletableFuture<Message> sent;
        try {
            sent = resolver.sendAsync(query, executor).toCompletableFuture();
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handle((response, error) -> {
            DnsAnswer<T> answer = error != null
                    ? DnsAnswer.<T>failure(plain, Dnssec.INSECURE, describe(error))
                    : DnsResponses.read(plain, qname, type, response, map);
            cache.put(type, answer);
            return answer;
        });
    }

    private static DnsAnswer<MxHost> byPreference(DnsAnswer<MxHost> answer) {
        List<MxHost> sorted = answer.records().stream().sorted(Comparator.naturalOrder()).toList();
        return new DnsAnswer<>(answer.name(), answer.outcome(), sorted, answer.ttl(), answer.dnssec(), answer.detail());
    }

    /** A failure in a few words, without exception messages (they can carry peer text). */
    private static String describe(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof TimeoutException || cause instanceof java.net.SocketTimeoutException
                || cause.getClass().getSimpleName().contains("Timeout")) {
            return "timed out";
        }
        return "no answer (" + cause.getClass().getSimpleName() + ")";
    }
}
