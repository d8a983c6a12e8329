package org.smtpguard.proxy.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * One test message with a unique Message-ID and subject, and a body that is easy to damage on the
 * way: lines starting with "." and "..", a line that is only ".", 8-bit UTF-8 text and a line of
 * 3000 octets (longer than smtpguard's command line limit and Postfix's line_length_limit, which
 * must not matter for message content). Each client sends it in its own way (dot-stuffing is the
 * client's job); Postfix must deliver exactly these headers and this body.
 */
final class InteropMessage {

    static final String FROM = "alice@client.test";
    static final String TO = "bob@example.org";
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    final String messageId;
    final String subject;
    private final String body;

    private InteropMessage(String client, String scenario) {
        String unique = UUID.randomUUID().toString();
        messageId = unique + "@interop.test";
        subject = "smtpguard interop " + client + " " + scenario + " " + unique;
        body = String.join("\n",
                "Hello from " + client + " (" + scenario + ").",
                ".one leading dot",
                "..two leading dots",
                ".",
                "Grüße aus Köln, ½ € — 8-bit UTF-8 ✓",
                "L".repeat(2990) + "-end-" + unique.substring(0, 5),
                "last line") + "\n";
    }

    static InteropMessage create(String client, String scenario) {
        return new InteropMessage(client, scenario);
    }

    /** Headers and body, CRLF line ends, not dot-stuffed: what a client hands to its SMTP library. */
    byte[] wire() {
        String headers = String.join("\n",
                "From: Alice <" + FROM + ">",
                "To: Bob <" + TO + ">",
                "Subject: " + subject,
                "Message-ID: <" + messageId + ">",
                "Date: Mon, 02 Nov 2026 10:00:00 +0000",
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=UTF-8",
                "Content-Transfer-Encoding: 8bit");
        return (headers + "\n\n" + body).replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Asserts Postfix delivered this message to its Maildir with our headers and exactly this body,
     * and that its log shows the smtpd connection that received it had TLS established (that
     * connection is smtpguard's upstream leg) and, if given, which SASL user logged in.
     */
    Postfix.Reception assertDeliveredIntact(Postfix postfix, Optional<String> saslUser, Object clientOutput)
            throws InterruptedException {
        Optional<String> delivered = postfix.awaitDelivered(messageId, DELIVERY);
        assertThat(delivered).as("message %s in Postfix's Maildir; client said:%n%s%nPostfix log:%n%s",
                messageId, clientOutput, postfix.logTail(30)).isPresent();
        String file = delivered.get();
        int bodyStart = file.indexOf("\n\n");
        assertThat(file.substring(0, bodyStart + 1)).contains("\nSubject: " + subject + "\n",
                "\nContent-Transfer-Encoding: 8bit\n");
        assertThat(file.substring(bodyStart + 2)).as("body as delivered").isEqualTo(body);

        Postfix.Reception reception = awaitReception(postfix);
        assertThat(reception.overTls()).as("Postfix received it over TLS: %s", reception.clientLine()).isTrue();
        if (saslUser.isPresent()) {
            assertThat(reception.saslUser()).as("SASL user in " + reception.clientLine())
                    .hasValueSatisfying(user -> assertThat(user).startsWith(saslUser.get()));
        } else {
            assertThat(reception.saslUser()).as("no SASL login: " + reception.clientLine()).isEmpty();
        }
        return reception;
    }

    private Postfix.Reception awaitReception(Postfix postfix) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            Optional<Postfix.Reception> reception = postfix.reception(messageId);
            if (reception.isPresent()) {
                return reception.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no smtpd reception of " + messageId + " in Postfix's log:\n"
                        + postfix.logTail(40));
            }
            Thread.sleep(100);
        }
    }
}
