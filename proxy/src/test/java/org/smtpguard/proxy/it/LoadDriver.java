package org.smtpguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.smtpguard.proxy.it.FaultyUpstream.ReceivedMessage;

/**
 * A bounded load of SMTP clients through smtpguard: a fixed number of client threads, each sending
 * one message per connection, each message tagged with a unique Message-ID, each client behaving in
 * a way drawn (from a fixed seed) from {@link Behaviour}. It records what every client saw, so that
 * {@link #assertClientsAndUpstreamAgree} can hold it against what the upstream accepted.
 */
final class LoadDriver {

    /** How a client behaves for one message. */
    enum Behaviour {
        /** Sends the message in one write. */
        GOOD,
        /** Sends the message in 64-byte pieces, 20 ms apart (3200 bytes/s: above the minimum rate). */
        SLOW_DRIP,
        /** Sends half the message, then resets the connection. */
        DISCONNECT_MID_DATA,
        /** Sends a bare-LF line with NUL and 8-bit bytes, an over-long line and VRFY first, then the message. */
        GARBAGE_FIRST
    }

    /** One message a client tried to send: its id, what it sent (unstuffed) and the last reply code (-1: none). */
    record Attempt(String id, Behaviour behaviour, byte[] content, int finalCode) {
    }

    private final InetSocketAddress proxy;
    private final long seed;
    private final Map<Behaviour, Integer> weights;
    private final List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger ids = new AtomicInteger();

    LoadDriver(InetSocketAddress proxy, long seed, Map<Behaviour, Integer> weights) {
        this.proxy = proxy;
        this.seed = seed;
        this.weights = weights;
    }

    List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    /**
     * Runs {@code clients} threads until each has sent {@code messagesPerClient} messages or
     * {@code until} (System.nanoTime) has passed; fails if they do not stop within {@code atMost}.
     */
    void run(int clients, int messagesPerClient, long until, Duration atMost) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(clients, r -> {
            Thread t = new Thread(r, "load-client");
            t.setDaemon(true);
            return t;
        });
        for (int c = 0; c < clients; c++) {
            Random random = new Random(seed * 1_000_003L + c + ids.get());
            pool.execute(() -> {
                for (int m = 0; m < messagesPerClient && System.nanoTime() < until; m++) {
                    attempts.add(send(random));
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            pool.shutdownNow();
            throw new AssertionError("the load did not finish within " + atMost);
        }
    }

    private Attempt send(Random random) {
        String id = "m" + ids.incrementAndGet() + "." + seed;
        Behaviour behaviour = pick(random);
        byte[] content = message(id, random);
        int code = -1;
        try (SmtpTestClient client = SmtpTestClient.connect(proxy)) {
            code = client.readReply().code();
            if (code != 220) {
                return new Attempt(id, behaviour, content, code);
            }
            code = client.command("EHLO load.test").code();
            if (behaviour == Behaviour.GARBAGE_FIRST) {
                client.sendRaw("\0\u00ff\u0080 garbage\n");
                client.readReply();
                client.send("NOOP " + "x".repeat(3000));
                client.readReply();
                client.command("VRFY root");
            }
            for (String command : List.of("MAIL FROM:<load@client.test>", "RCPT TO:<sink@upstream.test>", "DATA")) {
                code = client.command(command).code();
                if (code >= 400) {
                    return new Attempt(id, behaviour, content, code);
                }
            }
            byte[] wire = dotStuffed(content);
            switch (behaviour) {
                case DISCONNECT_MID_DATA -> {
                    client.sendRaw(Arrays.copyOf(wire, wire.length / 2));
                    client.abort();
                    return new Attempt(id, behaviour, content, -1);
                }
                case SLOW_DRIP -> {
                    for (int i = 0; i < wire.length; i += 64) {
                        client.sendRaw(Arrays.copyOfRange(wire, i, Math.min(wire.length, i + 64)));
                        Thread.sleep(20);
                    }
                }
                default -> client.sendRaw(wire);
            }
            client.sendRaw(".\r\n");
            code = client.readReply().code();
            Attempt attempt = new Attempt(id, behaviour, content, code);
            try {
                client.command("QUIT");
            } catch (IOException ignored) {
                // the reply to the message is what counts
            }
            return attempt;
        } catch (IOException e) {
            return new Attempt(id, behaviour, content, code == 354 ? -1 : code);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(id, behaviour, content, -1);
        }
    }

    private Behaviour pick(Random random) {
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        int r = random.nextInt(total);
        for (Map.Entry<Behaviour, Integer> e : weights.entrySet()) {
            r -= e.getValue();
            if (r < 0) {
                return e.getKey();
            }
        }
        throw new IllegalStateException();
    }

    /** A message of 0.2 to 6 KB with lines that need dot-stuffing; CRLF line ends, ends with CRLF. */
    static byte[] message(String id, Random random) {
        StringBuilder text = new StringBuilder("Message-ID: <" + id + "@load.test>\r\nSubject: load " + id + "\r\n\r\n");
        int lines = 3 + random.nextInt(80);
        for (int i = 0; i < lines; i++) {
            switch (random.nextInt(6)) {
                case 0 -> text.append(".");
                case 1 -> text.append(".starts with a dot ").append(i);
                case 2 -> text.append("");
                default -> text.append("line ").append(i).append(" of ").append(id).append(" ")
                        .append("x".repeat(random.nextInt(70)));
            }
            text.append("\r\n");
        }
        return text.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] dotStuffed(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 64);
        boolean lineStart = true;
        for (byte b : content) {
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = b == '\n';
        }
        return out.toByteArray();
    }

    /** The Message-ID's local part of a message the upstream received. */
    static String idOf(ReceivedMessage message) {
        String text = message.text();
        int at = text.indexOf("Message-ID: <");
        return at < 0 ? "?" : text.substring(at + 13, text.indexOf('@', at));
    }

    /**
     * For every message: the client saw 250 ⇔ the upstream accepted it, then exactly once and byte
     * for byte; a message without a 250 never arrived whole; the upstream holds no message nobody sent.
     */
    static void assertClientsAndUpstreamAgree(List<Attempt> attempts, FaultyUpstream upstream) {
        Map<String, List<ReceivedMessage>> accepted = byId(upstream.accepted());
        Map<String, List<ReceivedMessage>> whole = byId(upstream.messages());
        Map<String, Attempt> sent = new HashMap<>();
        attempts.forEach(a -> sent.put(a.id(), a));
        assertThat(sent.keySet()).as("every message the upstream holds was sent by a client")
                .containsAll(whole.keySet());
        for (Attempt attempt : attempts) {
            List<ReceivedMessage> got = accepted.getOrDefault(attempt.id(), List.of());
            if (attempt.finalCode() == 250) {
                assertThat(got).as("%s got 250: accepted exactly once upstream", attempt).hasSize(1);
                assertThat(got.get(0).text()).as("%s arrived byte for byte", attempt.id())
                        .isEqualTo(new String(attempt.content(), StandardCharsets.ISO_8859_1));
            } else {
                assertThat(whole.getOrDefault(attempt.id(), List.of()))
                        .as("%s got no 250 (%d): it never arrived whole", attempt.id(), attempt.finalCode()).isEmpty();
            }
        }
    }

    private static Map<String, List<ReceivedMessage>> byId(List<ReceivedMessage> messages) {
        Map<String, List<ReceivedMessage>> map = new HashMap<>();
        for (ReceivedMessage m : messages) {
            map.computeIfAbsent(idOf(m), k -> new ArrayList<>()).add(m);
        }
        return map;
    }
}
