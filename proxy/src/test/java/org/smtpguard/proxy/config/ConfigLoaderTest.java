package org.smtpguard.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Layers, environment names, derived values, defaults and what {@code --print-config} shows. */
class ConfigLoaderTest extends ConfigLayersFixture {

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
    void theLifecycleAndProxyProtocolKeysAreReadFromTheFileAndTheEnvironment() throws IOException {
        yaml("client: {listen_tls_proxy_protocol: true, proxy_protocol_timeout: 2s}\nshutdown.grace: 45s\n"
                + "tls: {reload_interval: 1m}");
        env.put("SMTPGUARD_CLIENT_LISTEN_PROXY_PROTOCOL", "true");

        SmtpguardConfig config = load().config();

        assertThat(config.client().proxyProtocol()).isEqualTo(new ProxyProtocolConfig(true, true, Duration.ofSeconds(2)));
        assertThat(config.lifecycle().shutdownGrace()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.lifecycle().tlsReloadInterval()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void withoutThoseKeysThereIsNoProxyProtocolAndThirtySecondsOfGraceAndOfReloadInterval() {
        SmtpguardConfig config = load().config();

        assertThat(config.client().proxyProtocol().onListen()).isFalse();
        assertThat(config.client().proxyProtocol().onListenTls()).isFalse();
        assertThat(config.lifecycle().shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.lifecycle().tlsReloadInterval()).isEqualTo(Duration.ofSeconds(30));
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

    @Test
    void anEmptyConfigFileSetsNothing() throws IOException {
        yaml("# nothing yet\n");

        assertThat(load().config().limits()).isEqualTo(LimitsConfig.defaults());
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
        assertThat(config.destinations()).isEqualTo(DestinationMap.defaults());
        assertThat(config.dns()).isEqualTo(new DnsConfig(List.of(), Optional.empty(), Duration.ofSeconds(10), 10000));
    }

    @Test
    void theDestinationMapIsAYamlListOfOneLineEntries() throws IOException {
        yaml("upstream:\n  tls: {level: dane}\n  destinations:\n    - example.org level=dane-only\n"
                + "    - .partner.example via=10.0.0.5:25 level=secure");

        DestinationMap map = load().config().destinations();

        assertThat(map.defaultLevel()).isEqualTo(org.smtpguard.policy.tls.UpstreamTlsLevel.DANE);
        assertThat(map.rules()).extracting(DestinationRule::format)
                .containsExactly("example.org level=dane-only", ".partner.example level=secure via=10.0.0.5:25");
    }

    @Test
    void dnsServersAreAddressesWithPort53UnlessOneIsGiven() {
        env.put("SMTPGUARD_DNS_SERVERS", "192.0.2.53,[2001:db8::53]:5353,::1");

        assertThat(load().config().dns().servers()).containsExactly(new HostPort("192.0.2.53", 53),
                new HostPort("2001:db8::53", 5353), new HostPort("::1", 53));
    }

    @Test
    void tlsRptIsOffUnlessADirectoryIsSetAndNamesTheGreetingName() throws IOException {
        TlsRptConfig off = load().config().tlsRpt();
        assertThat(off.directory()).isEmpty();
        assertThat(off.organization()).isEqualTo("proxy.example");
        assertThat(off.contact()).isEqualTo("postmaster@proxy.example");

        yaml("tlsrpt: {directory: " + dir.resolve("reports") + ", organization: Example Ltd, contact: tls@example.org}");
        TlsRptConfig on = load().config().tlsRpt();
        assertThat(on).isEqualTo(new TlsRptConfig(Optional.of(dir.resolve("reports")), "Example Ltd", "tls@example.org"));
    }

    @Test
    void mtaStsFetchesFromPort443WithTheJdksCasUnlessToldOtherwise() throws IOException {
        assertThat(load().config().mtaSts()).isEqualTo(MtaStsConfig.defaults());
        assertThat(MtaStsConfig.defaults()).isEqualTo(new MtaStsConfig(Duration.ofSeconds(20), Optional.empty(), 443));

        Path ca = java.nio.file.Files.writeString(dir.resolve("web-ca.pem"), "not read here");
        yaml("mtasts: {fetch_timeout: 5s, ca: " + ca + "}");
        assertThat(load().config().mtaSts()).isEqualTo(new MtaStsConfig(Duration.ofSeconds(5), Optional.of(ca), 443));
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
}
