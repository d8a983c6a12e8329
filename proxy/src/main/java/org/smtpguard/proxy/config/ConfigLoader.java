package org.smtpguard.proxy.config;

import static org.smtpguard.proxy.config.ConfigKeys.CLIENT_GREETING_NAME;
import static org.smtpguard.proxy.config.ConfigKeys.CLIENT_LISTEN;
import static org.smtpguard.proxy.config.ConfigKeys.CLIENT_LISTEN_TLS;
import static org.smtpguard.proxy.config.ConfigKeys.CLIENT_TRUSTED_NETWORKS;
import static org.smtpguard.proxy.config.ConfigKeys.UPSTREAM_ADDRESS;
import static org.smtpguard.proxy.config.ConfigKeys.UPSTREAM_HELO_NAME;
import static org.smtpguard.proxy.config.ConfigKeys.UPSTREAM_TLS_MODE;
import static org.smtpguard.proxy.config.ConfigKeys.UPSTREAM_TLS_NAME;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.smtpguard.policy.abuse.HarvestLimits;
import org.smtpguard.policy.net.TrustedNetworks;
import org.smtpguard.proxy.config.LoadedConfig.EffectiveSetting;

/**
 * Merges the layers into one {@link SmtpguardConfig}: defaults &lt; YAML file &lt; environment
 * &lt; flags (a higher layer replaces a key's whole value, lists included). Unknown keys are
 * errors; every error is one line, and all of them are reported together in one {@link ConfigException}
 * ({@link ConfigException#problems()}). Reads no global state: the
 * environment is passed in.
 */
public final class ConfigLoader {

    /** The {@code upstream.address} shown in mx mode when none is set: a reserved name nobody resolves. */
    public static final String MX_PLACEHOLDER = "mx.invalid";

    private final Supplier<String> localHostName;

    /** A loader whose {@code client.greeting_name} default is this host's name. */
    public ConfigLoader() {
        this(new LocalHostName());
    }

    /** A loader with a fixed source for the default of {@code client.greeting_name} (for tests). */
    public ConfigLoader(Supplier<String> localHostName) {
        this.localHostName = Objects.requireNonNull(localHostName, "localHostName");
    }

    /**
     * Loads the configuration.
     *
     * @param flags    the values of the flags given, by key (each key must have a flag)
     * @param env      the process environment; only {@code SMTPGUARD_*} variables are read
     * @param yamlFile the {@code --config} file, if any
     * @throws ConfigException if any value is bad, a key is unknown or a required key is not set
     */
    public LoadedConfig load(Map<ConfigKey<?>, List<String>> flags, Map<String, String> env, Optional<Path> yamlFile) {
        List<ConfigException> problems = new ArrayList<>();
        Map<ConfigKey<?>, RawValue> layered = new HashMap<>();
        yamlFile.ifPresent(file -> layered.putAll(YamlConfigFile.read(file, problems)));
        layered.putAll(EnvironmentSettings.read(env, problems));
        flags.forEach((key, items) -> layered.put(key, new RawValue(items, Source.flag(key.flag()
                .orElseThrow(() -> new IllegalArgumentException(key + " has no flag"))))));

        Settings settings = new Settings();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            RawValue raw = layered.get(key);
            if (raw != null) {
                try {
                    settings.parse(key, raw);
                } catch (ConfigException e) {
                    problems.add(e);
                    settings.failed(key);
                }
            } else if (key.defaultValue().kind() == ConfigKey.Default.Kind.VALUE) {
                putDefault(settings, key);
            }
        }
        if (settings.anyFailed()) {
            // the derived defaults need the values that failed: only say what else is missing
            attempt(problems, () -> requiredUpstream(settings));
        } else {
            attempt(problems, () -> derive(settings));
        }
        attempt(problems, () -> checkListeners(settings));
        attempt(problems, () -> checkFiles(settings, env));
        if (!problems.isEmpty()) {
            throw ConfigException.all(problems);
        }
        SmtpguardConfig config = build(settings, env);
        List<EffectiveSetting> effective = new ArrayList<>();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            effective.add(new EffectiveSetting(key.name(), settings.format(key), settings.source(key)));
        }
        return new LoadedConfig(config, effective);
    }

    private static void attempt(List<ConfigException> problems, Runnable step) {
        try {
            step.run();
        } catch (ConfigException e) {
            problems.add(e);
        }
    }

    private static void checkListeners(Settings s) {
        if (!s.hasFailed(CLIENT_LISTEN) && !s.hasFailed(CLIENT_LISTEN_TLS)
                && s.find(CLIENT_LISTEN).orElse(List.of()).isEmpty()
                && s.find(CLIENT_LISTEN_TLS).orElse(List.of()).isEmpty()) {
            throw ConfigException.badValue(CLIENT_LISTEN.name(), "", s.source(CLIENT_LISTEN),
                    "no listener: set client.listen or client.listen_tls");
        }
    }

    /** The certificate files (each read again by build: this collects their problems with the others'). */
    private static void checkFiles(Settings s, Map<String, String> env) {
        List<ConfigException> problems = new ArrayList<>();
        java.time.Instant now = java.time.Instant.now();
        if (!s.hasFailed(ConfigKeys.CLIENT_TLS_CERT) && !s.hasFailed(ConfigKeys.CLIENT_TLS_KEY)) {
            attempt(problems, () -> TlsFileChecks.clientTls(s, env, now));
        }
        if (!s.hasFailed(ConfigKeys.CLIENT_TLS_SNI_CERTS)) {
            attempt(problems, () -> TlsFileChecks.sniCertificates(s, env, now));
        }
        attempt(problems, () -> TlsFileChecks.clientAuth(s));
        attempt(problems, () -> TlsFileChecks.upstreamCa(s));
        if (!problems.isEmpty()) {
            throw ConfigException.all(problems);
        }
    }

    private static <T> void putDefault(Settings settings, ConfigKey<T> key) {
        settings.put(key, key.parsedDefault(), Source.DEFAULT);
    }

    /** The defaults that depend on other settings or on the host. */
    /** The upstream, which has no default; a problem if it is not set (and did not fail to parse). */
    private static HostPort requiredUpstream(Settings settings) {
        if (settings.hasFailed(UPSTREAM_ADDRESS)) {
            return null;
        }
        if (settings.find(UPSTREAM_ADDRESS).isEmpty()
                && settings.find(ConfigKeys.UPSTREAM_MODE).orElse(null) == UpstreamMode.MX) {
            // mx mode chooses the upstream per recipient domain; this reserved name (RFC 2606) is never used
            settings.put(UPSTREAM_ADDRESS, new HostPort(MX_PLACEHOLDER,
                    settings.find(ConfigKeys.UPSTREAM_MX_PORT).orElse(25)), Source.DERIVED);
        }
        return settings.find(UPSTREAM_ADDRESS).orElseThrow(() -> ConfigException.badKey(
                UPSTREAM_ADDRESS.name(), "not set; give --upstream HOST:PORT (or " + UPSTREAM_ADDRESS.envName()
                        + ", or upstream.address in the --config file)"));
    }

    private void derive(Settings settings) {
        HostPort upstream = requiredUpstream(settings);
        if (settings.find(CLIENT_GREETING_NAME).isEmpty()) {
            String name = localHostName.get();
            settings.put(CLIENT_GREETING_NAME, HostNames.isSmtpName(name) ? name : LocalHostName.FALLBACK, Source.DERIVED);
        }
        if (settings.find(UPSTREAM_HELO_NAME).isEmpty()) {
            settings.put(UPSTREAM_HELO_NAME, settings.get(CLIENT_GREETING_NAME), Source.DERIVED);
        }
        if (settings.find(UPSTREAM_TLS_MODE).isEmpty()) {
            settings.put(UPSTREAM_TLS_MODE, UpstreamTlsMode.defaultFor(upstream.port()), Source.DERIVED);
        }
        if (settings.find(ConfigKeys.UPSTREAM_TLS_VERIFY).isEmpty()) {
            settings.put(ConfigKeys.UPSTREAM_TLS_VERIFY, settings.get(ConfigKeys.UPSTREAM_TLS_PINS).isEmpty()
                    ? UpstreamVerification.CA : UpstreamVerification.CA_AND_PIN, Source.DERIVED);
        }
        if (settings.find(ConfigKeys.TLSRPT_ORGANIZATION).isEmpty()) {
            settings.put(ConfigKeys.TLSRPT_ORGANIZATION, settings.get(CLIENT_GREETING_NAME), Source.DERIVED);
        }
        if (settings.find(ConfigKeys.TLSRPT_CONTACT).isEmpty()) {
            settings.put(ConfigKeys.TLSRPT_CONTACT, "postmaster@" + settings.get(CLIENT_GREETING_NAME), Source.DERIVED);
        }
        if (settings.find(UPSTREAM_TLS_NAME).isEmpty()) {
            settings.put(UPSTREAM_TLS_NAME, upstream.host(), Source.DERIVED);
        }
    }

    private static UpstreamTrust upstreamTrust(Settings s) {
        try {
            return new UpstreamTrust(s.get(ConfigKeys.UPSTREAM_TLS_VERIFY), s.get(ConfigKeys.UPSTREAM_TLS_PINS));
        } catch (IllegalArgumentException e) {
            ConfigKey<?> key = s.source(ConfigKeys.UPSTREAM_TLS_VERIFY) == Source.DERIVED
                    ? ConfigKeys.UPSTREAM_TLS_PINS : ConfigKeys.UPSTREAM_TLS_VERIFY;
            throw ConfigException.badValue(key.name(), s.format(key), s.source(key), String.valueOf(e.getMessage()));
        }
    }

    private static SmtpguardConfig build(Settings s, Map<String, String> env) {
        TrustedNetworks trusted;
        try {
            trusted = TrustedNetworks.parse(s.get(CLIENT_TRUSTED_NETWORKS));
        } catch (IllegalArgumentException e) {
            throw ConfigException.badValue(CLIENT_TRUSTED_NETWORKS.name(), s.format(CLIENT_TRUSTED_NETWORKS),
                    s.source(CLIENT_TRUSTED_NETWORKS), String.valueOf(e.getMessage()));
        }
        java.time.Instant now = java.time.Instant.now();
        ClientConfig client = new ClientConfig(s.get(CLIENT_LISTEN), s.get(CLIENT_LISTEN_TLS),
                TlsFileChecks.clientTls(s, env, now), trusted, s.get(CLIENT_GREETING_NAME),
                TlsFileChecks.sniCertificates(s, env, now), TlsFileChecks.clientAuth(s), new ProxyProtocolConfig(
                        s.get(ConfigKeys.CLIENT_LISTEN_PROXY_PROTOCOL), s.get(ConfigKeys.CLIENT_LISTEN_TLS_PROXY_PROTOCOL),
                        s.get(ConfigKeys.CLIENT_PROXY_PROTOCOL_TIMEOUT)));
        UpstreamConfig upstream = new UpstreamConfig(s.get(UPSTREAM_ADDRESS), s.get(UPSTREAM_TLS_MODE),
                s.get(UPSTREAM_TLS_NAME), TlsFileChecks.upstreamCa(s), s.get(UPSTREAM_HELO_NAME), upstreamTrust(s),
                s.get(ConfigKeys.UPSTREAM_XCLIENT), new UpstreamConfig.UpstreamReuse(
                        s.get(ConfigKeys.UPSTREAM_REUSE_CONNECTIONS), s.get(ConfigKeys.UPSTREAM_REUSE_IDLE_TIME)));
        LimitsConfig limits = new LimitsConfig(
                s.get(ConfigKeys.LIMITS_COMMAND_LINE),
                s.get(ConfigKeys.LIMITS_AUTH_LINE),
                s.get(ConfigKeys.LIMITS_MESSAGE_SIZE),
                s.get(ConfigKeys.LIMITS_PIPELINE_DEPTH),
                s.get(ConfigKeys.LIMITS_ERRORS),
                s.get(ConfigKeys.LIMITS_REPLY_LINE),
                s.get(ConfigKeys.LIMITS_REPLY_LINES),
                s.get(ConfigKeys.LIMITS_REPLY_BYTES),
                s.get(ConfigKeys.LIMITS_DATA_MIN_RATE),
                s.get(ConfigKeys.LIMITS_CLIENT_CONNECTIONS),
                s.get(ConfigKeys.LIMITS_CLIENT_CONNECTIONS_PER_ADDRESS));
        TimeoutsConfig timeouts = new TimeoutsConfig(
                s.get(ConfigKeys.TIMEOUTS_CONNECT),
                s.get(ConfigKeys.TIMEOUTS_TLS_HANDSHAKE),
                s.get(ConfigKeys.TIMEOUTS_UPSTREAM_REPLY),
                s.get(ConfigKeys.TIMEOUTS_UPSTREAM_DATA),
                s.get(ConfigKeys.TIMEOUTS_COMMAND),
                s.get(ConfigKeys.TIMEOUTS_DATA_IDLE));
        MetricsConfig metrics = new MetricsConfig(s.find(ConfigKeys.METRICS_LISTEN),
                s.get(ConfigKeys.METRICS_READY_CHECKS_UPSTREAM));
        DnsConfig dns = new DnsConfig(s.get(ConfigKeys.DNS_SERVERS), s.find(ConfigKeys.DNS_TRUST_ANCHOR),
                s.get(ConfigKeys.DNS_TIMEOUT), s.get(ConfigKeys.DNS_CACHE_ENTRIES));
        DestinationMap destinations;
        try {
            destinations = new DestinationMap(s.get(ConfigKeys.UPSTREAM_TLS_LEVEL), s.get(ConfigKeys.UPSTREAM_DESTINATIONS));
        } catch (IllegalArgumentException e) {
            throw ConfigException.badValue(ConfigKeys.UPSTREAM_TLS_LEVEL.name(), s.format(ConfigKeys.UPSTREAM_TLS_LEVEL),
                    s.source(ConfigKeys.UPSTREAM_TLS_LEVEL), String.valueOf(e.getMessage()));
        }
        LogConfig log = new LogConfig(s.get(ConfigKeys.LOG_LEVEL), s.get(ConfigKeys.LOG_FORMAT));
        LifecycleConfig lifecycle = new LifecycleConfig(s.get(ConfigKeys.SHUTDOWN_GRACE),
                s.get(ConfigKeys.TLS_RELOAD_INTERVAL));
        return new SmtpguardConfig(client, upstream, limits, timeouts, log, metrics, dns,
                new TlsRptConfig(s.find(ConfigKeys.TLSRPT_DIRECTORY), s.get(ConfigKeys.TLSRPT_ORGANIZATION),
                        s.get(ConfigKeys.TLSRPT_CONTACT)), destinations,
                new MtaStsConfig(s.get(ConfigKeys.MTASTS_FETCH_TIMEOUT), s.find(ConfigKeys.MTASTS_CA),
                        MtaStsConfig.HTTPS_PORT),
                new RoutingConfig(s.get(ConfigKeys.UPSTREAM_MODE), s.get(ConfigKeys.UPSTREAM_MX_PORT)), abuse(s),
                lifecycle);
    }

    private static AbuseConfig abuse(Settings s) {
        try {
            return new AbuseConfig(
                    new HarvestLimits(s.get(ConfigKeys.ABUSE_HARVEST_TARPIT_AFTER),
                            s.get(ConfigKeys.ABUSE_HARVEST_DISCONNECT_AFTER),
                            s.get(ConfigKeys.ABUSE_HARVEST_TARPIT_DELAY), s.get(ConfigKeys.ABUSE_HARVEST_WINDOW)),
                    new AbuseConfig.Rates(s.get(ConfigKeys.ABUSE_RATE_CONNECTIONS),
                            s.get(ConfigKeys.ABUSE_RATE_NETWORK_CONNECTIONS), s.get(ConfigKeys.ABUSE_RATE_MESSAGES),
                            s.get(ConfigKeys.ABUSE_RATE_NETWORK_MESSAGES), s.get(ConfigKeys.ABUSE_RATE_WINDOW),
                            s.get(ConfigKeys.ABUSE_RATE_NETWORK_PREFIX).get(0),
                            s.get(ConfigKeys.ABUSE_RATE_NETWORK_PREFIX).get(1)),
                    s.get(ConfigKeys.ABUSE_DNSBL_ZONES));
        } catch (IllegalArgumentException e) { // tarpit_after above disconnect_after
            throw ConfigException.badValue(ConfigKeys.ABUSE_HARVEST_TARPIT_AFTER.name(),
                    s.format(ConfigKeys.ABUSE_HARVEST_TARPIT_AFTER), s.source(ConfigKeys.ABUSE_HARVEST_TARPIT_AFTER),
                    String.valueOf(e.getMessage()));
        }
    }
}
