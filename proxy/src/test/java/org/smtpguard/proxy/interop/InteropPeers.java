package org.smtpguard.proxy.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the real peers that {@code .ci/interop-setup.sh} started are: the Postfix ports, its Maildir
 * and log, the CAs and smtpguard's client-side certificate. Read from
 * {@code $interop.dir/interop.properties}, the directory given by the system property
 * {@code interop.dir} or the environment variable {@code INTEROP_DIR}; any key can be overridden
 * by a system property {@code interop.<key>}. Without them the calling test is skipped, saying why.
 */
record InteropPeers(int starttlsPort, int smtpsPort, int noTlsPort, Path maildir, Path postfixLog,
        String upstreamName, Path upstreamCa, Path clientCert, Path clientKey, Path clientCa,
        String user, String password) {

    static final String HOW_TO = "run `bash .ci/interop-setup.sh`, then "
            + "`mvn -B -pl proxy verify -Pinterop -Dinterop.dir=/tmp/smtpguard-interop` (or all of it: `bash .ci/run`)";

    /** The peers, or the test is skipped (JUnit assumption) with a message saying how to start them. */
    static InteropPeers load() {
        String dir = System.getProperty("interop.dir", System.getenv("INTEROP_DIR"));
        assumeTrue(dir != null && !dir.isBlank(),
                "interop peers not configured (no -Dinterop.dir or INTEROP_DIR): " + HOW_TO);
        Path file = Path.of(dir, "interop.properties");
        assumeTrue(Files.isReadable(file), "interop peers not set up: " + file + " is missing: " + HOW_TO);
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        Values v = new Values(props, file);
        return new InteropPeers(v.port("postfix.starttls.port"), v.port("postfix.smtps.port"),
                v.port("postfix.notls.port"), Path.of(v.text("postfix.maildir")), v.existing("postfix.log"),
                v.text("upstream.name"), v.existing("upstream.ca"), v.existing("client.cert"),
                v.existing("client.key"), v.existing("client.ca"), v.text("auth.user"), v.text("auth.password"));
    }

    /** The Postfix instance's Maildir and log, as one thing to ask about deliveries. */
    Postfix postfix() {
        return new Postfix(maildir, postfixLog);
    }

    private record Values(Properties props, Path file) {

        String text(String key) {
            String value = System.getProperty("interop." + key, props.getProperty(key));
            if (value == null || value.isBlank()) {
                throw new IllegalStateException(file + " has no " + key + ": run .ci/interop-setup.sh again");
            }
            return value.trim();
        }

        int port(String key) {
            return Integer.parseInt(text(key));
        }

        /** A file that must exist (the Maildir need not: Postfix makes it at the first delivery). */
        Path existing(String key) {
            Path path = Path.of(text(key));
            assumeTrue(Files.exists(path), "interop peers not set up: " + path + " (" + key + ") is missing: " + HOW_TO);
            return path;
        }
    }
}
