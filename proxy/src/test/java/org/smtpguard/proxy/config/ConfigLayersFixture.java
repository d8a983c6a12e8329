package org.smtpguard.proxy.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/** The three layers a test fills before it calls {@link #load()}; the upstream flag is set unless removed. */
abstract class ConfigLayersFixture {

    static final String UPSTREAM = "mail.example:587";

    @TempDir
    Path dir;

    final Map<ConfigKey<?>, List<String>> flags = new HashMap<>(Map.of(ConfigKeys.UPSTREAM_ADDRESS, List.of(UPSTREAM)));
    final Map<String, String> env = new HashMap<>();
    Optional<Path> file = Optional.empty();

    LoadedConfig load() {
        return new ConfigLoader(() -> "proxy.example").load(flags, env, file);
    }

    void yaml(String text) throws IOException {
        Path path = dir.resolve("smtpguard.yaml");
        Files.writeString(path, text);
        file = Optional.of(path);
    }

    void set(String where, String value) {
        if (where.startsWith("--")) {
            ConfigKey<?> key = ConfigKeys.all().stream().filter(k -> k.flag().orElse("").equals(where)).findFirst()
                    .orElseThrow();
            flags.put(key, List.of(value));
        } else {
            env.put(where, value);
        }
    }

    void assertOneLineError(String message) {
        assertThatThrownBy(this::load).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContainingAny("\n", "\r");
    }

    static String line(LoadedConfig loaded, String key) {
        return loaded.printLines().stream().filter(l -> l.startsWith(key + " = ")).findFirst().orElseThrow();
    }
}

