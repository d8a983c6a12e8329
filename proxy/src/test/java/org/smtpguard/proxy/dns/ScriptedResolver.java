package org.smtpguard.proxy.dns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TSIG;

/** A dnsjava resolver that answers from a script (question name → response) and records every query. */
final class ScriptedResolver implements Resolver {

    private final Map<String, Function<Message, CompletableFuture<Message>>> script = new HashMap<>();
    final List<String> queries = new ArrayList<>();

    /** Answers a query for {@code name} (any type) with what {@code respond} makes of the query. */
    ScriptedResolver on(String name, Function<Message, Message> respond) {
        script.put(name, query -> CompletableFuture.completedFuture(respond.apply(query)));
        return this;
    }

    /** Fails a query for {@code name} as a time-out or network error would. */
    ScriptedResolver failing(String name, Throwable error) {
        script.put(name, query -> CompletableFuture.failedFuture(error));
        return this;
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query, Executor executor) {
        Name name = query.getQuestion().getName();
        queries.add(name.toString());
        Function<Message, CompletableFuture<Message>> step = script.get(name.toString());
        if (step == null) {
            throw new AssertionError("unscripted query " + query.getQuestion());
        }
        return step.apply(query);
    }

    @Override
    public void setPort(int port) {
    }

    @Override
    public void setTCP(boolean flag) {
    }

    @Override
    public void setIgnoreTruncation(boolean flag) {
    }

    @Override
    public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {
    }

    @Override
    public void setTSIGKey(TSIG key) {
    }

    @Override
    public void setTimeout(Duration timeout) {
    }
}
