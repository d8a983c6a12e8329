package org.smtpguard.proxy.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the private Postfix instance did with a message, found by its Message-ID: the file in its
 * Maildir ({@code new/} or {@code cur/}) and, from its log, the smtpd connection that received it
 * (queue ID, SASL user, and whether TLS had been established on that connection).
 */
final class Postfix {

    /** How one message reached Postfix, from its log. */
    record Reception(String queueId, String clientLine, Optional<String> tlsLine) {

        boolean overTls() {
            return tlsLine.isPresent();
        }

        Optional<String> saslUser() {
            Matcher m = Pattern.compile("sasl_username=([^,\\s]+)").matcher(clientLine);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }

        Optional<String> saslMethod() {
            Matcher m = Pattern.compile("sasl_method=([^,\\s]+)").matcher(clientLine);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }
    }

    private static final Duration POLL = Duration.ofMillis(100);

    private final Path maildir;
    private final Path log;

    Postfix(Path maildir, Path log) {
        this.maildir = maildir;
        this.log = log;
    }

    /** The delivered message with this Message-ID (without the angle brackets), waiting at most {@code timeout}. */
    Optional<String> awaitDelivered(String messageId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> found = delivered(messageId);
            if (found.isPresent() || System.nanoTime() > deadline) {
                return found;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** The delivered message with this Message-ID, if it is in the Maildir now. */
    Optional<String> delivered(String messageId) {
        String header = "Message-ID: <" + messageId + ">";
        for (Path file : maildirFiles()) {
            String content;
            try {
                content = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException movedFromNewToCur) {
                continue; // seen again on the next poll
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (content.contains(header)) {
                return Optional.of(content);
            }
        }
        return Optional.empty();
    }

    /** How many messages the Maildir holds. */
    int deliveredCount() {
        return maildirFiles().size();
    }

    private List<Path> maildirFiles() {
        List<Path> files = new ArrayList<>();
        for (String sub : List.of("new", "cur")) {
            Path dir = maildir.resolve(sub);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(Files::isRegularFile).forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /**
     * How the message with this Message-ID was received, from the log: cleanup's
     * {@code QUEUEID: message-id=<ID>} gives the queue ID, smtpd's {@code QUEUEID: client=…} the
     * smtpd process and the SASL user, and a "TLS connection established" line of that process
     * after its last "connect from" (so on the same connection) says TLS was on.
     */
    Optional<Reception> reception(String messageId) {
        List<String> lines = logLines();
        Pattern cleanup = Pattern.compile("/cleanup\\[\\d+\\]: (\\w+): message-id=<" + Pattern.quote(messageId) + ">");
        String queueId = null;
        for (String line : lines) {
            Matcher m = cleanup.matcher(line);
            if (m.find()) {
                queueId = m.group(1);
            }
        }
        if (queueId == null) {
            return Optional.empty();
        }
        Pattern client = Pattern.compile("/smtpd\\[(\\d+)\\]: " + queueId + ": client=");
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = client.matcher(lines.get(i));
            if (m.find()) {
                return Optional.of(new Reception(queueId, lines.get(i), tlsOnConnection(lines, i, m.group(1))));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> tlsOnConnection(List<String> lines, int clientLine, String pid) {
        String process = "/smtpd[" + pid + "]: ";
        for (int i = clientLine - 1; i >= 0; i--) {
            String line = lines.get(i);
            if (!line.contains(process)) {
                continue;
            }
            if (line.contains(process + "connect from ")) {
                return Optional.empty();
            }
            if (line.contains("TLS connection established from")) {
                return Optional.of(line);
            }
        }
        return Optional.empty();
    }

    /** The last {@code n} lines of the log, for failure messages. */
    String logTail(int n) {
        List<String> lines = logLines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    private List<String> logLines() {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
