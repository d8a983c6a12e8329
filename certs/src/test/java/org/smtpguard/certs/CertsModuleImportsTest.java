package org.smtpguard.certs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The certs module depends on the JDK and Bouncy Castle only: the proxy depends on it, never the
 * other way round, and it knows nothing of Netty or of SMTP policy.
 */
class CertsModuleImportsTest {

    private static final Path MAIN_SOURCES = Path.of("src", "main", "java");
    /** An import of, or a fully qualified reference to, a package this module must not use. */
    private static final Pattern FORBIDDEN =
            Pattern.compile("\\b(io\\.netty|org\\.smtpguard\\.policy|org\\.smtpguard\\.proxy)\\b");

    @Test
    void mainSourcesUseNeitherNettyNorThePolicyNorTheProxyModule() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
            sources = files.filter(file -> file.toString().endsWith(".java")).toList();
        }
        assertThat(sources).as("main sources under %s", MAIN_SOURCES.toAbsolutePath()).isNotEmpty();

        List<String> offences = new ArrayList<>();
        for (Path source : sources) {
            List<String> lines = Files.readAllLines(source);
            for (int i = 0; i < lines.size(); i++) {
                String code = lines.get(i).strip();
                if (isCode(code) && FORBIDDEN.matcher(code).find()) {
                    offences.add(source + ":" + (i + 1) + ": " + code);
                }
            }
        }

        assertThat(offences).as("forbidden imports in the certs module").isEmpty();
    }

    /** Comments may name Netty; code may not. */
    private static boolean isCode(String line) {
        return !line.startsWith("//") && !line.startsWith("*") && !line.startsWith("/*");
    }
}
