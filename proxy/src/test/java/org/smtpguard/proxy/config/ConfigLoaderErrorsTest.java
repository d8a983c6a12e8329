package org.smtpguard.proxy.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every bad key, value or file is one {@link ConfigException} line naming key, value and source. */
class ConfigLoaderErrorsTest extends ConfigLayersFixture {

    @Test
    void anUnknownSmtpguardVariableIsAnErrorThatNamesIt() {
        env.put("SMTPGUARD_UPSTREAM_ADRESS", "mail:25");

        assertOneLineError("unknown key \"SMTPGUARD_UPSTREAM_ADRESS\" (from environment): "
                + "did you mean SMTPGUARD_UPSTREAM_ADDRESS?");
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
        "'client.listen_proxy_protocol: yes'      | client.listen_proxy_protocol \"yes\" (from file PATH line 1): expected true or false",
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
        "SMTPGUARD_UPSTREAM_TLS_LEVEL     | may        | upstream.tls.level \"may\" (from env SMTPGUARD_UPSTREAM_TLS_LEVEL): expected verify, secure, fingerprint, mta-sts, dane or dane-only",
        "SMTPGUARD_UPSTREAM_DESTINATIONS  | a.test level=dane-onl | upstream.destinations \"a.test level=dane-onl\" (from env SMTPGUARD_UPSTREAM_DESTINATIONS): level must be verify, secure, fingerprint, mta-sts, dane or dane-only",
        "SMTPGUARD_DNS_SERVERS            | ns.example:53 | dns.servers \"ns.example:53\" (from env SMTPGUARD_DNS_SERVERS): expected an IP address: DNS servers are not looked up in DNS",
        "SMTPGUARD_DNS_SERVERS            | 127.0.0.1:0 | dns.servers \"127.0.0.1:0\" (from env SMTPGUARD_DNS_SERVERS): port out of range 1-65535",
        "SMTPGUARD_TLSRPT_DIRECTORY       | /etc/passwd   | tlsrpt.directory \"/etc/passwd\" (from env SMTPGUARD_TLSRPT_DIRECTORY): exists and is not a directory",
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
        assertThatThrownBy(this::load).hasMessageContaining("\"" + "x".repeat(100) + "…\"")
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
}
