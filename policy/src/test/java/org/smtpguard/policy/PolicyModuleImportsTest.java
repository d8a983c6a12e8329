package org.smtpguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * policy is JDK only, with no I/O, no clock and no environment: its decisions must be testable with
 * plain tables and must mean the same everywhere. Fails naming each file and line that breaks this.
 */
class PolicyModuleImportsTest {

    private static final Path SOURCES = Path.of("src/main/java");

    private static final List<String> FORBIDDEN_IMPORTS = List.of(
            "io.netty", "org.bouncycastle", "org.xbill", "org.slf4j",
            "java.io.File", "java.nio.file", "java.net.Socket", "java.net.http");

    private static final List<String> FORBIDDEN_TEXT = List.of(
            "System.currentTimeMillis", "Instant.now()", "System.getenv", "System.getProperty");

    @Test
    void policySourcesUseNoIoNoClockAndNoEnvironment() throws IOException {
        List<String> offences = new ArrayList<>();
        int files = 0;
        try (Stream<Path> paths = Files.walk(SOURCES)) {
            for (Path file : paths.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                files++;
                offences.addAll(offencesIn(SOURCES.relativize(file).toString(),
                        Files.readString(file, StandardCharsets.UTF_8)));
            }
        }
        assertThat(files).as("Java files under " + SOURCES.toAbsolutePath()).isGreaterThan(10);
        assertThat(offences).as("forbidden in policy/").isEmpty();
    }

    @Test
    void theCheckFindsImportsStaticImportsQualifiedNamesAndCalls() {
        String source = String.join("\n",
                "package x;",
                "import io.netty.buffer.ByteBuf;",
                "import static java.nio.file.Files.readString;",
                "import java.net.InetAddress;",
                "class X { long t = System.currentTimeMillis(); java.net.Socket s; Object i = Instant.now(); }",
                "class Y { java.io.FileReader r; String p = System.getProperty(\"user.home\"); }");

        assertThat(offencesIn("X.java", source)).containsExactly(
                "X.java:2 uses io.netty",
                "X.java:3 uses java.nio.file",
                "X.java:5 uses java.net.Socket",
                "X.java:5 uses System.currentTimeMillis",
                "X.java:5 uses Instant.now()",
                "X.java:6 uses java.io.File",
                "X.java:6 uses System.getProperty");
    }

    /**
     * Forbidden names anywhere on a line (import, static import, qualified name, also as a prefix:
     * {@code java.io.File} catches {@code java.io.FileReader}) and forbidden calls.
     */
    static List<String> offencesIn(String file, String source) {
        List<String> offences = new ArrayList<>();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            for (String name : FORBIDDEN_IMPORTS) {
                if (lines[i].contains(name)) {
                    offences.add(file + ":" + (i + 1) + " uses " + name);
                }
            }
            for (String text : FORBIDDEN_TEXT) {
                if (lines[i].contains(text)) {
                    offences.add(file + ":" + (i + 1) + " uses " + text);
                }
            }
        }
        return offences;
    }
}
