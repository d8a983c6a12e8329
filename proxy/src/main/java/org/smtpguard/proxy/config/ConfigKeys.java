package org.smtpguard.proxy.config;

import static org.smtpguard.proxy.config.ConfigKey.Default.derived;
import static org.smtpguard.proxy.config.ConfigKey.Default.none;
import static org.smtpguard.proxy.config.ConfigKey.Default.required;
import static org.smtpguard.proxy.config.ConfigKey.Default.value;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.smtpguard.policy.tls.UpstreamTlsLevel;

/**
 * Every configuration key, declared once: name, type, default, doc and flag (like Postfix's
 * {@code VAR_}/{@code DEF_} pairs). The YAML file, the {@code SMTPGUARD_} environment variables,
 * the flags of {@code run}, its help and {@code --print-config} are all derived from this list.
 *
 * <p>There is deliberately no key that turns off the verification of the upstream's certificate.
 */
public final class ConfigKeys {

    private static final List<ConfigKey<?>> ALL = new ArrayList<>();

    // ---- client leg
    public static final ConfigKey<List<HostPort>> CLIENT_LISTEN = key("client.listen", ValueTypes.hostPorts(),
            value("127.0.0.1:2525"), "--listen", "where clients connect with plain SMTP (STARTTLS offered)");
    public static final ConfigKey<List<HostPort>> CLIENT_LISTEN_TLS = key("client.listen_tls", ValueTypes.hostPorts(),
            value(""), "--listen-tls", "where clients connect with implicit TLS (e.g. port 465)");
    public static final ConfigKey<Path> CLIENT_TLS_CERT = key("client.tls.cert", ValueTypes.readableFile(),
            none("a self-signed certificate is generated at start"), "--tls-cert",
            "certificate chain presented to clients: PEM (key in client.tls.key or the same file) or PKCS#12");
    public static final ConfigKey<Path> CLIENT_TLS_KEY = key("client.tls.key", ValueTypes.readableFile(),
            none("in client.tls.cert"), "--tls-key",
            "PEM private key of client.tls.cert (PKCS#8, PKCS#1 or EC; encrypted PKCS#8 with a password)");
    public static final ConfigKey<Path> CLIENT_TLS_KEY_PASSWORD_FILE = key("client.tls.key_password_file",
            ValueTypes.readableFile(), none("keys are not encrypted"), null,
            "file whose first line is the password of the encrypted key or PKCS#12 file(s)");
    public static final ConfigKey<String> CLIENT_TLS_KEY_PASSWORD_ENV = key("client.tls.key_password_env",
            ValueTypes.environmentVariable(), none("keys are not encrypted"), null,
            "name of the environment variable that holds that password (instead of the file)");
    public static final ConfigKey<List<Path>> CLIENT_TLS_SNI_CERTS = key("client.tls.sni_certs",
            ValueTypes.readableFiles(), value(""), "--tls-sni-cert",
            "more certificates, each chain and key in one PEM or PKCS#12 file, chosen by the SNI name a client"
                    + " sends (every DNS name of the certificate); others get client.tls.cert");
    public static final ConfigKey<ClientAuthMode> CLIENT_TLS_CLIENT_AUTH = key("client.tls.client_auth",
            ValueTypes.clientAuthMode(), value("off"), "--client-auth",
            "client certificates on the client leg: off, optional (asked for, verified if sent) or required");
    public static final ConfigKey<Path> CLIENT_TLS_CLIENT_CA = key("client.tls.client_ca", ValueTypes.readableFile(),
            none("no client certificates are accepted"), "--client-ca",
            "PEM file of the CAs whose client certificates are accepted (with client.tls.client_auth)");
    public static final ConfigKey<List<String>> CLIENT_TRUSTED_NETWORKS = key("client.trusted_networks",
            ValueTypes.cidrs(), value("127.0.0.0/8,::1/128"), null,
            "networks whose clients may AUTH without TLS");
    public static final ConfigKey<String> CLIENT_GREETING_NAME = key("client.greeting_name", ValueTypes.smtpName(),
            derived("the local host name"), null, "the name in smtpguard's 220 greeting and EHLO reply");

    public static final ConfigKey<Boolean> CLIENT_LISTEN_PROXY_PROTOCOL = key("client.listen_proxy_protocol",
            ValueTypes.bool(), value("false"), null,
            "client.listen connections start with a PROXY protocol v1/v2 header (from a load balancer)");
    public static final ConfigKey<Boolean> CLIENT_LISTEN_TLS_PROXY_PROTOCOL = key("client.listen_tls_proxy_protocol",
            ValueTypes.bool(), value("false"), null,
            "client.listen_tls connections start with a PROXY protocol v1/v2 header, before TLS");
    public static final ConfigKey<Duration> CLIENT_PROXY_PROTOCOL_TIMEOUT = key("client.proxy_protocol_timeout",
            ValueTypes.duration(), value("5s"), null, "how long a connection may take to send its PROXY header");

    // ---- upstream leg
    public static final ConfigKey<HostPort> UPSTREAM_ADDRESS = key("upstream.address", ValueTypes.hostPort(),
            required(), "--upstream", "the SMTP server mail is relayed to, always over verified TLS");
    public static final ConfigKey<UpstreamTlsMode> UPSTREAM_TLS_MODE = key("upstream.tls.mode", ValueTypes.tlsMode(),
            derived("implicit if the upstream port is 465, else starttls"), "--upstream-tls",
            "how TLS starts with the upstream");
    public static final ConfigKey<String> UPSTREAM_TLS_NAME = key("upstream.tls.name", ValueTypes.hostName(),
            derived("the host of upstream.address"), "--upstream-name",
            "name sent as SNI and verified in the upstream's certificate");
    public static final ConfigKey<Path> UPSTREAM_TLS_CA = key("upstream.tls.ca", ValueTypes.readableFile(),
            none("the JDK's trust store"), "--upstream-ca", "PEM file of the CAs trusted for the upstream");
    public static final ConfigKey<UpstreamVerification> UPSTREAM_TLS_VERIFY = key("upstream.tls.verify",
            ValueTypes.upstreamVerification(), derived("ca+pin if upstream.tls.pins is set, else ca"), "--upstream-verify",
            "ca (chain and name), pin (only the pinned keys, for self-signed upstreams) or ca+pin");
    public static final ConfigKey<List<String>> UPSTREAM_TLS_PINS = key("upstream.tls.pins", ValueTypes.spkiPins(),
            value(""), "--upstream-pin", "public key pins sha256/BASE64 of the upstream (smtpguard certs show prints them)");
    public static final ConfigKey<String> UPSTREAM_HELO_NAME = key("upstream.helo_name", ValueTypes.smtpName(),
            derived("client.greeting_name"), null, "the name smtpguard says in EHLO to the upstream");

    public static final ConfigKey<UpstreamMode> UPSTREAM_MODE = key("upstream.mode", ValueTypes.upstreamMode(),
            value("smarthost"), null, "smarthost: relay to upstream.address; mx: to the MX of each recipient domain");
    public static final ConfigKey<Integer> UPSTREAM_MX_PORT = key("upstream.mx_port", ValueTypes.integer(1, 65535),
            value("25"), null, "the port of MX hosts in mx mode (STARTTLS)");
    public static final ConfigKey<Boolean> UPSTREAM_XCLIENT = key("upstream.xclient", ValueTypes.bool(),
            value("false"), null, "tell an upstream that offers XCLIENT (Postfix) the client's address, over TLS only");
    public static final ConfigKey<Integer> UPSTREAM_REUSE_CONNECTIONS = key("upstream.reuse_connections",
            ValueTypes.integer(0, 10_000), value("0"), null,
            "verified upstream connections kept per event loop for the next session after a QUIT (0: none)");
    public static final ConfigKey<Duration> UPSTREAM_REUSE_IDLE_TIME = key("upstream.reuse_idle_time",
            ValueTypes.duration(), value("5s"), null, "how long a kept upstream connection may wait unused");

    // ---- limits on what peers send
    public static final ConfigKey<Integer> LIMITS_COMMAND_LINE = key("limits.command_line",
            ValueTypes.integer(512, 65536), value("2048"), null, "longest client command line, bytes without the CRLF");
    public static final ConfigKey<Integer> LIMITS_AUTH_LINE = key("limits.auth_line",
            ValueTypes.integer(512, 1 << 20), value("12288"), null, "longest AUTH line, bytes without the CRLF (RFC 4954)");
    public static final ConfigKey<Long> LIMITS_MESSAGE_SIZE = key("limits.message_size",
            ValueTypes.byteSize(1L << 10, 1L << 40), value("50M"), null, "largest message, bytes (K, M, G: binary)");
    public static final ConfigKey<Integer> LIMITS_PIPELINE_DEPTH = key("limits.pipeline_depth",
            ValueTypes.integer(1, 10_000), value("100"), null, "most client commands awaiting a reply");
    public static final ConfigKey<Integer> LIMITS_ERRORS = key("limits.errors",
            ValueTypes.integer(1, 1000), value("10"), null, "client errors before smtpguard disconnects");
    public static final ConfigKey<Integer> LIMITS_REPLY_LINE = key("limits.reply_line",
            ValueTypes.integer(512, 65536), value("2048"), null, "longest upstream reply line, bytes without the CRLF");
    public static final ConfigKey<Integer> LIMITS_REPLY_LINES = key("limits.reply_lines",
            ValueTypes.integer(1, 10_000), value("100"), null, "most lines in one upstream reply");
    public static final ConfigKey<Integer> LIMITS_REPLY_BYTES = key("limits.reply_bytes",
            ValueTypes.integer(512, 1 << 24), value("65536"), null, "most bytes in one upstream reply");
    public static final ConfigKey<Long> LIMITS_DATA_MIN_RATE = key("limits.data_min_rate",
            ValueTypes.byteSize(0, 1L << 30), value("500"), null, "slowest accepted message data, bytes per second (0: off)");
    public static final ConfigKey<Integer> LIMITS_CLIENT_CONNECTIONS = key("limits.client_connections",
            ValueTypes.integer(1, 1_000_000), value("1000"), null,
            "most client connections open at once, all listeners together (more get 421 4.3.2)");
    public static final ConfigKey<Integer> LIMITS_CLIENT_CONNECTIONS_PER_ADDRESS = key(
            "limits.client_connections_per_address", ValueTypes.integer(1, 1_000_000), value("100"), null,
            "most client connections open at once from one IP address (more get 421 4.7.0)");

    // ---- timeouts
    public static final ConfigKey<Duration> TIMEOUTS_CONNECT = key("timeouts.connect", ValueTypes.duration(),
            value("30s"), null, "to open the TCP connection to the upstream");
    public static final ConfigKey<Duration> TIMEOUTS_TLS_HANDSHAKE = key("timeouts.tls_handshake",
            ValueTypes.duration(), value("30s"), null, "for a TLS handshake, on either leg");
    public static final ConfigKey<Duration> TIMEOUTS_UPSTREAM_REPLY = key("timeouts.upstream_reply",
            ValueTypes.duration(), value("5m"), null, "for the upstream's greeting and each reply to a command");
    public static final ConfigKey<Duration> TIMEOUTS_UPSTREAM_DATA = key("timeouts.upstream_data",
            ValueTypes.duration(), value("10m"), null, "for the upstream's reply after the end of the message");
    public static final ConfigKey<Duration> TIMEOUTS_COMMAND = key("timeouts.command", ValueTypes.duration(),
            value("5m"), null, "a client may stay idle between commands");
    public static final ConfigKey<Duration> TIMEOUTS_DATA_IDLE = key("timeouts.data_idle", ValueTypes.duration(),
            value("3m"), null, "a client may send nothing while sending a message");

    // ---- TLS levels and the destination map
    public static final ConfigKey<UpstreamTlsLevel> UPSTREAM_TLS_LEVEL = key("upstream.tls.level", ValueTypes.tlsLevel(),
            value("verify"), "--upstream-tls-level",
            "verify, secure, mta-sts, dane or dane-only (fingerprint: per destination, with pins)");
    public static final ConfigKey<List<DestinationRule>> UPSTREAM_DESTINATIONS = key("upstream.destinations", ValueTypes.destinations(),
            value(""), null, "per domain or host: DOMAIN [level=L] [via=HOST:PORT]… [match=NAME]… [pin=sha256/…]…");

    // ---- DNS (MX, TLSA, MTA-STS and DNSBL look-ups)
    public static final ConfigKey<List<HostPort>> DNS_SERVERS = key("dns.servers", ValueTypes.dnsServers(),
            value(""), null, "DNS servers asked, IP or IP:PORT (port 53 if omitted); empty: those of /etc/resolv.conf");
    public static final ConfigKey<Path> DNS_TRUST_ANCHOR = key("dns.trust_anchor", ValueTypes.readableFile(),
            none("the root zone's KSKs (built in)"), null, "DNSSEC trust anchors: DS or DNSKEY records in zone-file form");
    public static final ConfigKey<Duration> DNS_TIMEOUT = key("dns.timeout", ValueTypes.duration(),
            value("10s"), null, "for one DNS look-up, all servers and retries included");
    public static final ConfigKey<Integer> DNS_CACHE_ENTRIES = key("dns.cache_entries",
            ValueTypes.integer(0, 1_000_000), value("10000"), null, "most DNS answers cached (each for its TTL; 0: none)");

    // ---- abuse protection on the client leg
    public static final ConfigKey<Integer> ABUSE_HARVEST_TARPIT_AFTER = key("abuse.harvest.tarpit_after",
            ValueTypes.integer(0, 1_000_000), value("10"), null,
            "refused recipients (550, 5.1.x) per client address after which RCPT replies are delayed (0: never)");
    public static final ConfigKey<Integer> ABUSE_HARVEST_DISCONNECT_AFTER = key("abuse.harvest.disconnect_after",
            ValueTypes.integer(0, 1_000_000), value("20"), null,
            "refused recipients per client address after which it gets 421 4.7.0 and is disconnected (0: never)");
    public static final ConfigKey<Duration> ABUSE_HARVEST_TARPIT_DELAY = key("abuse.harvest.tarpit_delay",
            ValueTypes.duration(), value("3s"), null, "how long each RCPT reply is held back while tarpitting");
    public static final ConfigKey<Duration> ABUSE_HARVEST_WINDOW = key("abuse.harvest.window", ValueTypes.duration(),
            value("1h"), null, "how long refused recipients count against a client address");
    public static final ConfigKey<Integer> ABUSE_RATE_CONNECTIONS = key("abuse.rate.connections",
            ValueTypes.integer(0, 1_000_000), value("0"), null,
            "connections per client address per abuse.rate.window (0: no limit)");
    public static final ConfigKey<Integer> ABUSE_RATE_NETWORK_CONNECTIONS = key("abuse.rate.network_connections",
            ValueTypes.integer(0, 1_000_000), value("0"), null,
            "connections per client network per abuse.rate.window (0: no limit)");
    public static final ConfigKey<Integer> ABUSE_RATE_MESSAGES = key("abuse.rate.messages",
            ValueTypes.integer(0, 1_000_000), value("0"), null,
            "messages (MAIL commands) per client address per abuse.rate.window (0: no limit)");
    public static final ConfigKey<Integer> ABUSE_RATE_NETWORK_MESSAGES = key("abuse.rate.network_messages",
            ValueTypes.integer(0, 1_000_000), value("0"), null,
            "messages (MAIL commands) per client network per abuse.rate.window (0: no limit)");
    public static final ConfigKey<Duration> ABUSE_RATE_WINDOW = key("abuse.rate.window", ValueTypes.duration(),
            value("1m"), null, "the period the abuse.rate.* limits apply to");
    public static final ConfigKey<List<Integer>> ABUSE_RATE_NETWORK_PREFIX = key("abuse.rate.network_prefix",
            ValueTypes.prefixLengths(), value("24,64"), null,
            "prefix lengths of a client network: IPv4,IPv6");
    public static final ConfigKey<List<String>> ABUSE_DNSBL_ZONES = key("abuse.dnsbl.zones", ValueTypes.domains(),
            value(""), null, "DNS blocklists asked about each client address at connect (listed: 554 5.7.1)");

    // ---- lifecycle
    public static final ConfigKey<Duration> SHUTDOWN_GRACE = key("shutdown.grace", ValueTypes.duration(),
            value("30s"), null, "after SIGTERM, how long sessions in progress may take before they get 421 4.3.2");
    public static final ConfigKey<Duration> TLS_RELOAD_INTERVAL = key("tls.reload_interval", ValueTypes.duration(),
            value("30s"), null, "how often client.tls.cert, client.tls.key and upstream.tls.ca are checked for changes");

    // ---- logging
    public static final ConfigKey<String> LOG_LEVEL = key("log.level", ValueTypes.logLevel(), value("info"),
            "--log-level", "error, warn, info or debug");
    public static final ConfigKey<LogConfig.Format> LOG_FORMAT = key("log.format", ValueTypes.logFormat(), value("text"),
            "--log-format", "text (key=value) or json (one JSON object per line), the same events and fields");

    // ---- metrics and health
    public static final ConfigKey<HostPort> METRICS_LISTEN = key("metrics.listen", ValueTypes.hostPort(),
            none("off"), "--metrics", "where /metrics, /healthz and /readyz are served over HTTP");
    public static final ConfigKey<Boolean> METRICS_READY_CHECKS_UPSTREAM = key("metrics.ready_checks_upstream",
            ValueTypes.bool(), value("false"), null,
            "whether /readyz also needs a verified upstream connection now (cached for a few seconds)");

    // ---- MTA-STS (RFC 8461)
    public static final ConfigKey<Duration> MTASTS_FETCH_TIMEOUT = key("mtasts.fetch_timeout", ValueTypes.duration(),
            value("20s"), null, "to fetch a domain's MTA-STS policy file, connecting included");
    public static final ConfigKey<Path> MTASTS_CA = key("mtasts.ca", ValueTypes.readableFile(),
            none("the JDK's trust store"), null, "PEM file of the CAs trusted for MTA-STS policy hosts (mta-sts.DOMAIN)");

    // ---- TLS-RPT (RFC 8460)
    public static final ConfigKey<Path> TLSRPT_DIRECTORY = key("tlsrpt.directory", ValueTypes.directory(),
            none("no TLS-RPT counting or reports"), null,
            "directory the daily TLS-RPT JSON reports are written to (created if missing)");
    public static final ConfigKey<String> TLSRPT_ORGANIZATION = key("tlsrpt.organization", ValueTypes.text(200),
            derived("client.greeting_name"), null, "organization-name in the TLS-RPT reports");
    public static final ConfigKey<String> TLSRPT_CONTACT = key("tlsrpt.contact", ValueTypes.text(200),
            derived("postmaster@ and client.greeting_name"), null, "contact-info in the TLS-RPT reports");

    private ConfigKeys() {
    }

    /** Every key, in declaration order. */
    public static List<ConfigKey<?>> all() {
        return Collections.unmodifiableList(ALL);
    }

    /** The key with this dotted name. */
    public static Optional<ConfigKey<?>> byName(String name) {
        return ALL.stream().filter(k -> k.name().equals(name)).findFirst();
    }

    /** The key set by this {@code SMTPGUARD_} environment variable. */
    public static Optional<ConfigKey<?>> byEnvName(String variable) {
        return ALL.stream().filter(k -> k.envName().equals(variable)).findFirst();
    }

    /** True if some key's name starts with {@code prefix + "."}: a YAML mapping of that name may hold keys. */
    static boolean isSection(String prefix) {
        return ALL.stream().anyMatch(k -> k.name().startsWith(prefix + "."));
    }

    private static <T> ConfigKey<T> key(String name, ValueType<T> type, ConfigKey.Default defaultValue,
            String flag, String doc) {
        ConfigKey<T> key = new ConfigKey<>(name, type, defaultValue, doc, Optional.ofNullable(flag));
        ALL.add(key);
        return key;
    }
}
