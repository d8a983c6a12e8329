package org.smtpguard.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Layers, names, derived values and the one-line errors of {@link ConfigLoader}. */
class ConfigLoaderTest {

    private static final String UPSTREAM = "mail.example:587";

    @TempDir
    Path dir;

    private final Map<ConfigKey<?>, List<String>> flags = new HashMap<>(Map.of(ConfigKeys.UPSTREAM_ADDRESS, List.of(UPSTREAM)));
    private final Map<String, String> env = new HashMap<>();
    private Optional<Path> file = Optional.empty();

    // ---- precedence: defaults < file < environment < flags

    @ParameterizedTest(name = "file={0} env={1} flag={2} -> {3} from {4}")
    @CsvSource(nullValues = "-", value = {
        "-,           -,           -,           mail.example, derived",
        "f.example,   -,           -,           f.example,    file",
        "f.example,   e.example,   -,           e.example,    env SMTPGUARD_UPSTREAM_TLS_NAME",
        "-,           e.example,   -,           e.example,    env SMTPGUARD_UPSTREAM_TLS_NAME",
        "f.example,   e.example,   x.example,   x.example,    flag --upstream-name",
        "f.example,   -,           x.example,   x.example,    flag --upstream-name",
        "-,           e.example,   x.example,   x.example,    flag --upstream-name",
    })
    void eachLayerWinsOverTheLowerOnes(String inFile, String inEnv, String inFlag, String expected, String source)
            throws IOException {
        if (inFile != null) {
            yaml("upstream.tls.name: " + inFile);
        }
        if (inEnv != null) {
            env.put("SMTPGUARD_UPSTREAM_TLS_NAME", inEnv);
        }
        if (inFlag != null) {
            flags.put(ConfigKeys.UPSTREAM_TLS_NAME, List.of(inFlag));
        }

        LoadedConfig loaded = load();

        assertThat(loaded.config().upstream().tlsName()).isEqualTo(expected);
        assertThat(line(loaded, "upstream.tls.name")).endsWith("# " + source.replace("file", "file " + dir.resolve("smtpguard.yaml")));
    }

    @Test
    void theFileWinsOverTheDefaultForAKeyWithoutFlag() throws IOException {
        yaml("timeouts.command: 90s");

        assertThat(load().config().timeouts().command()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void aListFromAHigherLayerReplacesTheWholeListBelow() throws IOException {
        yaml("client.listen: [127.0.0.1:2501, 127.0.0.1:2502]");
        env.put("SMTPGUARD_CLIENT_LISTEN", "127.0.0.1:2503,127.0.0.1:2504");
        flags.put(ConfigKeys.CLIENT_LISTEN, List.of("[::1]:2505"));

        assertThat(load().config().client().listen()).containsExactly(HostPort.parse("[::1]:2505"));
    }

    @Test
    void anEnvironmentListIsCommaSeparatedAndMayBeEmpty() {
        env.put("SMTPGUARD_CLIENT_LISTEN", " 127.0.0.1:2501 , [::1]:2502");
        env.put("SMTPGUARD_CLIENT_LISTEN_TLS", "");

        ClientConfig client = load().config().client();

        assertThat(client.listen()).containsExactly(HostPort.parse("127.0.0.1:2501"), HostPort.parse("[::1]:2502"));
        assertThat(client.listenTls()).isEmpty();
    }

    // ---- environment names

    @Test
    void everyKeyHasItsOwnEnvironmentVariableNamedAfterIt() {
        assertThat(ConfigKeys.UPSTREAM_TLS_MODE.envName()).isEqualTo("SMTPGUARD_UPSTREAM_TLS_MODE");
        assertThat(ConfigKeys.LIMITS_COMMAND_LINE.envName()).isEqualTo("SMTPGUARD_LIMITS_COMMAND_LINE");
        assertThat(ConfigKeys.all().stream().map(ConfigKey::envName)).doesNotHaveDuplicates();
        assertThat(ConfigKeys.all().stream().flatMap(k -> k.flag().stream())).doesNotHaveDuplicates();
    }

    @Test
    void everyKeyCanBeSetThroughTheEnvironment() {
        env.put("SMTPGUARD_UPSTREAM_TLS_MODE", "implicit");
        env.put("SMTPGUARD_LIMITS_MESSAGE_SIZE", "10M");
        env.put("SMTPGUARD_LOG_LEVEL", "debug");

        SmtpguardConfig config = load().config();

        assertThat(config.upstream().tlsMode()).isEqualTo(UpstreamTlsMode.IMPLICIT);
        assertThat(config.limits().messageSize()).isEqualTo(10L << 20);
        assertThat(config.log().level()).isEqualTo("debug");
    }

    @Test
    void ignoresVariablesWithoutThePrefix() {
        env.put("PATH", "/usr/bin");
        env.put("smtpguard_upstream_address", "lower.case:25");

        assertThat(load().config().upstream().address()).isEqualTo(HostPort.parse(UPSTREAM));
    }

    @Test
    void anUnknownSmtpguardVariableIsAnErrorThatNamesIt() {
        env.put("SMTPGUARD_UPSTREAM_ADRESS", "mail:25");

        assertOneLineError("unknown key \"SMTPGUARD_UPSTREAM_ADRESS\" (from environment): "
                + "did you mean SMTPGUARD_UPSTREAM_ADDRESS?");
    }

    // ---- YAML

    @ParameterizedTest(name = "{0}")
    @MethodSource("yamlShapes")
    void readsNestedFlatAndMixedYamlAlike(String shape, String text) throws IOException {
        yaml(text);
        flags.clear();

        SmtpguardConfig config = load().config();

        assertThat(config.upstream().address()).isEqualTo(HostPort.parse("relay.example:465"));
        assertThat(config.upstream().tlsMode()).isEqualTo(UpstreamTlsMode.STARTTLS);
        assertThat(config.client().listen()).containsExactly(HostPort.parse("0.0.0.0:25"), HostPort.parse("[::]:25"));
        assertThat(config.limits().messageSize()).isEqualTo(1L << 30);
    }

    static Stream<Arguments> yamlShapes() {
        return Stream.of(
                Arguments.of("nested", """
                        upstream:
                          address: relay.example:465
                          tls:
                            mode: starttls
                        client:
                          listen:
                            - 0.0.0.0:25
                            - "[::]:25"
                        limits: {message_size: 1G}
                        """),
                Arguments.of("flat", """
                        upstream.address: relay.example:465
                        upstream.tls.mode: starttls
                        client.listen: 0.0.0.0:25, "[::]:25"
                        limits.message_size: 1024M
                        """.replace("\"", "")),
                Arguments.of("mixed", """
                        upstream:
                          address: relay.example:465
                          tls.mode: starttls
                        client.listen: ["0.0.0.0:25", "[::]:25"]
                        limits:
                          message_size: 1048576K
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "upstrem.address: mail:25               | unknown key \"upstrem.address\" (from file PATH line 1): did you mean upstream.address?",
        "'upstream: {tls: {mod: starttls}}'     | unknown key \"upstream.tls.mod\" (from file PATH line 1): did you mean upstream.tls.mode?",
        "'x:\n  y: 1'                            | unknown key \"x\" (from file PATH line 1)",
        "'limits: 5'                            | unknown key \"limits\" (from file PATH line 1)",
    })
    void anUnknownYamlKeyIsAnErrorThatNamesItAndItsLine(String text, String message) throws IOException {
        yaml(text.replace("\\n", "\n"));

        assertOneLineError(message.replace("PATH", dir.resolve("smtpguard.yaml").toString()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "'upstream.address: [a:1, b:2]'           | upstream.address \"[...]\" (from file PATH line 1): expected one value, not a list",
        "'upstream.tls.ca:'                       | upstream.tls.ca \"\" (from file PATH line 1): no value; remove the key to use the default",
        "'log.level: !ENV ${LEVEL}'               | log.level \"!ENV\" (from file PATH line 1): YAML tags are not supported",
        "'upstream: {tls: {mode: a}}'             | upstream.tls.mode \"a\" (from file PATH line 1): expected starttls or implicit",
        "'log.level: info\nlog:\n  level: warn'   | log.level: set twice in file PATH line 3 (first in line 1)",
        "'upstream:\n  tls: {mode: a'             | config file \"PATH\" (from --config): line 2: not valid YAML",
        "'- just\n- a list'                       | config file \"PATH\" (from --config): line 1: expected keys and values",
    })
    void aBadYamlFileIsAnErrorNamingTheKeyOrLine(String text, String message) throws IOException {
        yaml(text.replace("\\n", "\n"));

        assertOneLineError(message.replace("PATH", dir.resolve("smtpguard.yaml").toString()));
    }

    @Test
    void aMissingConfigFileIsAnError() {
        file = Optional.of(dir.resolve("nope.yaml"));

        assertOneLineError("config file \"" + dir.resolve("nope.yaml") + "\" (from --config): no such file");
    }

    @Test
    void anEmptyConfigFileSetsNothing() throws IOException {
        yaml("# nothing yet\n");

        assertThat(load().config().limits()).isEqualTo(LimitsConfig.defaults());
    }

    // ---- bad values: one line naming key, value and source

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "--upstream                       | mail:99999 | upstream.address \"mail:99999\" (from --upstream): port out of range 1-65535",
        "--upstream                       | mail       | upstream.address \"mail\" (from --upstream): missing port (expected HOST:PORT)",
        "--listen                         | :25        | client.listen \":25\" (from --listen): missing host (expected HOST:PORT)",
        "--upstream-tls                   | tls        | upstream.tls.mode \"tls\" (from --upstream-tls): expected starttls or implicit",
        "--log-level                      | trace      | log.level \"trace\" (from --log-level): expected error, warn, info or debug",
        "--upstream-name                  | a b        | upstream.tls.name \"a b\" (from --upstream-name): not a host name or IP address",
        "SMTPGUARD_TIMEOUTS_COMMAND       | 5          | timeouts.command \"5\" (from env SMTPGUARD_TIMEOUTS_COMMAND): missing unit: write e.g. 250ms, 30s, 5m or 1h",
        "SMTPGUARD_TIMEOUTS_CONNECT       | 0s         | timeouts.connect \"0s\" (from env SMTPGUARD_TIMEOUTS_CONNECT): must be greater than 0",
        "SMTPGUARD_TIMEOUTS_DATA_IDLE     | 1d         | timeouts.data_idle \"1d\" (from env SMTPGUARD_TIMEOUTS_DATA_IDLE): not a duration: write a whole number and ms, s, m or h, e.g. 30s",
        "SMTPGUARD_LIMITS_COMMAND_LINE    | 100        | limits.command_line \"100\" (from env SMTPGUARD_LIMITS_COMMAND_LINE): out of range 512-65536",
        "SMTPGUARD_LIMITS_ERRORS          | ten        | limits.errors \"ten\" (from env SMTPGUARD_LIMITS_ERRORS): expected a whole number in 1-1000",
        "SMTPGUARD_LIMITS_MESSAGE_SIZE    | 50MB       | limits.message_size \"50MB\" (from env SMTPGUARD_LIMITS_MESSAGE_SIZE): not a size: write a whole number of bytes, optionally with K, M or G, e.g. 50M",
        "SMTPGUARD_LIMITS_MESSAGE_SIZE    | 10         | limits.message_size \"10\" (from env SMTPGUARD_LIMITS_MESSAGE_SIZE): out of range 1K-1024G",
        "SMTPGUARD_CLIENT_GREETING_NAME   | [mail]     | client.greeting_name \"[mail]\" (from env SMTPGUARD_CLIENT_GREETING_NAME): not a host name (letters, digits, '-' and '.') or an address literal like [192.0.2.1]",
        "SMTPGUARD_CLIENT_LISTEN          | a:1,,b:2   | client.listen \"\" (from env SMTPGUARD_CLIENT_LISTEN): empty value",
        "SMTPGUARD_UPSTREAM_TLS_CA        | /no/such   | upstream.tls.ca \"/no/such\" (from env SMTPGUARD_UPSTREAM_TLS_CA): no such file",
    })
    void aBadValueIsOneLineNamingKeyValueAndSource(String where, String value, String message) {
        set(where, value);

        assertOneLineError(message);
    }

    @Test
    void aBadTrustedNetworkNamesTheKeyAndTheNetwork() {
        env.put("SMTPGUARD_CLIENT_TRUSTED_NETWORKS", "10.0.0.0/8,10.0.0.0/33");

        assertThatThrownBy(this::load).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("client.trusted_networks \"10.0.0.0/33\" (from env SMTPGUARD_CLIENT_TRUSTED_NETWORKS): ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aValueWithControlCharactersIsEscapedAndALongOneIsCut() {
        env.put("SMTPGUARD_UPSTREAM_HELO_NAME", "evil\r\nMAIL FROM:<x>");
        assertOneLineError("upstream.helo_name \"evil\\r\\nMAIL FROM:<x>\" (from env SMTPGUARD_UPSTREAM_HELO_NAME): "
                + "not a host name (letters, digits, '-' and '.') or an address literal like [192.0.2.1]");

        env.clear();
        env.put("SMTPGUARD_UPSTREAM_TLS_NAME", "x".repeat(5000));
        assertThatThrownBy(this::load).hasMessageContaining("\"" + "x".repeat(100) + "...\"")
                .hasMessageNotContaining("x".repeat(101));
    }

    @Test
    void upstreamAddressIsRequired() {
        flags.clear();

        assertOneLineError("upstream.address: not set; give --upstream HOST:PORT (or SMTPGUARD_UPSTREAM_ADDRESS,"
                + " or upstream.address in the --config file)");
    }

    @Test
    void atLeastOneListenerIsRequired() {
        env.put("SMTPGUARD_CLIENT_LISTEN", "");

        assertOneLineError("client.listen \"\" (from env SMTPGUARD_CLIENT_LISTEN): no listener: set client.listen or client.listen_tls");
    }

    // ---- derived values

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "mail.example:465, IMPLICIT",
        "mail.example:587, STARTTLS",
        "mail.example:25,  STARTTLS",
    })
    void upstreamTlsModeIsImplicitOnlyForPort465(String address, UpstreamTlsMode mode) {
        flags.put(ConfigKeys.UPSTREAM_ADDRESS, List.of(address));

        LoadedConfig loaded = load();

        assertThat(loaded.config().upstream().tlsMode()).isEqualTo(mode);
        assertThat(line(loaded, "upstream.tls.mode")).isEqualTo("upstream.tls.mode = " + mode.configName() + "  # derived");
    }

    @Test
    void anExplicitTlsModeWinsOverThePort() {
        flags.put(ConfigKeys.UPSTREAM_ADDRESS, List.of("mail.example:465"));
        flags.put(ConfigKeys.UPSTREAM_TLS_MODE, List.of("starttls"));

        assertThat(load().config().upstream().tlsMode()).isEqualTo(UpstreamTlsMode.STARTTLS);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "mail.example:587 | mail.example",
        "192.0.2.7:25     | 192.0.2.7",
        "[2001:db8::1]:25 | 2001:db8::1",
    })
    void upstreamTlsNameDefaultsToTheHost(String address, String name) {
        flags.put(ConfigKeys.UPSTREAM_ADDRESS, List.of(address));

        assertThat(load().config().upstream().tlsName()).isEqualTo(name);
    }

    @Test
    void theHeloNameDefaultsToTheGreetingNameWhichDefaultsToTheHostName() {
        assertThat(load().config().upstream().heloName()).isEqualTo("proxy.example");

        env.put("SMTPGUARD_CLIENT_GREETING_NAME", "mx.example");
        assertThat(load().config().upstream().heloName()).isEqualTo("mx.example");
    }

    @Test
    void aHostNameThatCannotBeSaidInSmtpFallsBackToLocalhost() {
        LoadedConfig loaded = new ConfigLoader(() -> "weird host").load(flags, env, file);

        assertThat(loaded.config().client().greetingName()).isEqualTo("localhost");
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        SmtpguardConfig config = load().config();

        assertThat(config.client().listen()).containsExactly(HostPort.parse("127.0.0.1:2525"));
        assertThat(config.client().listenTls()).isEmpty();
        assertThat(config.client().tls()).isEmpty();
        assertThat(config.upstream().tlsCa()).isEmpty();
        assertThat(config.limits()).isEqualTo(new LimitsConfig(2048, 12288, 52428800L, 100, 10, 2048, 100, 65536, 500));
        assertThat(config.timeouts()).isEqualTo(new TimeoutsConfig(Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofMinutes(3)));
        assertThat(config.log().level()).isEqualTo("info");
    }

    // ---- what --print-config shows

    @Test
    void printLinesShowEveryKeyWithItsValueAndSource() throws IOException {
        yaml("timeouts.command: 2m");
        env.put("SMTPGUARD_LIMITS_MESSAGE_SIZE", "20971520");

        List<String> lines = load().printLines();

        assertThat(lines).hasSize(ConfigKeys.all().size()).contains(
                "client.listen = 127.0.0.1:2525  # default",
                "client.tls.cert =  # default",
                "upstream.address = mail.example:587  # flag --upstream",
                "upstream.tls.name = mail.example  # derived",
                "limits.message_size = 20M  # env SMTPGUARD_LIMITS_MESSAGE_SIZE",
                "timeouts.command = 2m  # file " + dir.resolve("smtpguard.yaml"));
    }

    @Test
    void printLinesShowLongValuesWhole() {
        List<String> listeners = Stream.iterate(2501, port -> port + 1).limit(20).map(port -> "127.0.0.1:" + port).toList();
        flags.put(ConfigKeys.CLIENT_LISTEN, listeners);

        assertThat(line(load(), "client.listen")).isEqualTo(
                "client.listen = " + String.join(",", listeners) + "  # flag --listen");
    }

    // ---- helpers

    private LoadedConfig load() {
        return new ConfigLoader(() -> "proxy.example").load(flags, env, file);
    }

    private void yaml(String text) throws IOException {
        Path path = dir.resolve("smtpguard.yaml");
        Files.writeString(path, text);
        file = Optional.of(path);
    }

    private void set(String where, String value) {
        if (where.startsWith("--")) {
            ConfigKey<?> key = ConfigKeys.all().stream().filter(k -> k.flag().orElse("").equals(where)).findFirst()
                    .orElseThrow();
            flags.put(key, List.of(value));
        } else {
            env.put(where, value);
        }
    }

    private void assertOneLineError(String message) {
        assertThatThrownBy(this::load).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContainingAny("\n", "\r");
    }

    private static String line(LoadedConfig loaded, String key) {
        return loaded.printLines().stream().filter(l -> l.startsWith(key + " = ")).findFirst().orElseThrow();
    }
}
