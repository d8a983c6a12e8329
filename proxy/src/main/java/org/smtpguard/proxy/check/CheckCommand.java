package org.smtpguard.proxy.check;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.smtpguard.certs.TrustAnchors;
import org.smtpguard.policy.tls.UpstreamTlsLevel;
import org.smtpguard.proxy.config.ConfigKey;
import org.smtpguard.proxy.config.ConfigKeys;
import org.smtpguard.proxy.config.ConfigLoader;
import org.smtpguard.proxy.config.DestinationMap;
import org.smtpguard.proxy.config.DestinationRule;
import org.smtpguard.proxy.config.HostPort;
import org.smtpguard.proxy.mtasts.MtaStsPolicySource;
import org.smtpguard.proxy.config.SmtpguardConfig;
import org.smtpguard.proxy.dns.DnsAnswer;
import org.smtpguard.proxy.dns.DnsResolvers;
import org.smtpguard.proxy.dns.DnsjavaLookups;
import org.smtpguard.proxy.dns.MxHost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code smtpguard check DOMAIN|HOST[:PORT]}: a probe for operators, like Postfix's
 * posttls-finger. A domain is looked up in MX (else the domain itself, RFC 5321 §5.1); each host is
 * checked in preference order ({@link HostCheck}) until one would be allowed under the configured
 * policy (the same {@code --config}, environment and keys as {@code run}). Exit 0: delivery would be
 * allowed; 1: refused, with the reason; 2: usage or configuration error. Sends no mail.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Show how smtpguard would see a destination: MX, TLSA and DNSSEC, EHLO, STARTTLS, TLS, the chain,"
                + " the verdict of every TLS level; exit 0 if delivery would be allowed, 1 if refused.")
public final class CheckCommand implements Callable<Integer> {

    public static final int EXIT_REFUSED = 1;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DOMAIN|HOST[:PORT]",
            description = "a recipient domain (MX is looked up) or an SMTP server, port 25 by default")
    private String target;

    @Option(names = "--config", paramLabel = "FILE", description = "the YAML settings run uses")
    private Path configFile;

    @Option(names = "--level", paramLabel = "LEVEL", description = "the level to judge by instead of the configured one")
    private String level;

    @Option(names = "--port", paramLabel = "PORT", description = "SMTP port of the MX hosts (default 25)")
    private Integer port;

    @Option(names = "--name", paramLabel = "NAME", description = "for HOST:PORT: the name to verify (default HOST)")
    private String name;

    @Option(names = "--dns-server", paramLabel = "IP[:PORT]", split = ",", description = "DNS servers (dns.servers)")
    private List<String> dnsServers;

    @Option(names = "--trust-anchor", paramLabel = "FILE", description = "DNSSEC trust anchors (dns.trust_anchor)")
    private Path trustAnchor;

    @Option(names = "--upstream-ca", paramLabel = "FILE", description = "PEM trust anchors (upstream.tls.ca)")
    private Path upstreamCa;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "per connection and look-up (default 10)")
    private int timeoutSeconds = 10;

    private final Map<String, String> env;

    public CheckCommand(Map<String, String> env) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Optional<HostPort> direct = target.contains(":") ? Optional.of(HostPort.parse(target)) : Optional.empty();
        String host = direct.map(HostPort::host).orElse(target).toLowerCase(java.util.Locale.ROOT);
        SmtpguardConfig config = new ConfigLoader().load(flags(direct.orElse(new HostPort(host, 25))), environment(),
                Optional.ofNullable(configFile)).config();
        Duration timeout = Duration.ofSeconds(Math.max(1, timeoutSeconds));
        List<X509Certificate> anchors = config.upstream().tlsCa().map(TrustAnchors::fromPem)
                .orElseGet(TrustAnchors::jdkDefault);
        DnsjavaLookups dns = DnsResolvers.lookups(config.dns(), Clock.systemUTC());
        var policyFetches = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "mta-sts-fetch");
            thread.setDaemon(true);
            return thread;
        });
        MtaStsPolicySource mtaSts = MtaStsPolicySource.create(config.mtaSts(), dns, policyFetches, Clock.systemUTC());
        HostCheck hostCheck = new HostCheck(dns, mtaSts, anchors, config.upstream().heloName(), timeout, out);

        List<HostCheck.Host> hosts = new ArrayList<>();
        if (direct.isPresent()) {
            String tlsName = name == null ? host : name;
            hosts.add(host(config.destinations(), host, direct.get().port(), tlsName, tlsName, false));
        } else {
            DnsAnswer<MxHost> mx = dns.mx(host).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            out.println("MX " + host + ": " + HostCheck.describe(mx));
            mx.records().forEach(r -> out.println("  " + r.preference() + " " + (r.isNullMx() ? "." : r.host())));
            if (mx.outcome() == org.smtpguard.proxy.dns.DnsOutcome.FAILURE) {
                return refused(out, "MX look-up for " + host + " failed: " + mx.detail());
            }
            if (mx.records().stream().anyMatch(MxHost::isNullMx)) {
                return refused(out, host + " accepts no mail (null MX, RFC 7505)");
            }
            List<MxHost> exchanges = mx.records().isEmpty() ? List.of(new MxHost(0, host)) : mx.records();
            for (MxHost exchange : exchanges) {
                hosts.add(host(config.destinations(), exchange.host(), port == null ? 25 : port, exchange.host(), host,
                        mx.isSecure()));
            }
        }
        String lastReason = "no host to check";
        for (HostCheck.Host candidate : hosts) {
            HostCheck.Verdict verdict = hostCheck.check(candidate);
            if (verdict.allowed()) {
                out.println();
                out.println("result: delivery allowed via " + candidate.name() + " under level " + candidate.level()
                        + ": " + verdict.reason());
                return 0;
            }
            lastReason = candidate.name() + ": " + verdict.reason();
        }
        return refused(out, lastReason);
    }

    private HostCheck.Host host(DestinationMap map, String hostName, int hostPort, String tlsName, String destination,
            boolean mxSecure) {
        Optional<DestinationRule> rule = map.find(hostName).or(() -> map.find(destination));
        UpstreamTlsLevel applied = level != null ? UpstreamTlsLevel.fromConfigName(level).orElseThrow()
                : rule.flatMap(DestinationRule::level).orElse(map.defaultLevel());
        return new HostCheck.Host(hostName, hostPort, tlsName, destination, mxSecure, applied,
                rule.map(DestinationRule::match).orElse(List.of()), rule.map(DestinationRule::pins).orElse(List.of()));
    }

    private static int refused(PrintWriter out, String reason) {
        out.println();
        out.println("result: delivery refused: " + reason);
        return EXIT_REFUSED;
    }

    /** The check's options that are keys with a flag, so the loader validates them like run's flags. */
    private Map<ConfigKey<?>, List<String>> flags(HostPort address) {
        Map<ConfigKey<?>, List<String>> flags = new LinkedHashMap<>();
        flags.put(ConfigKeys.UPSTREAM_ADDRESS, List.of(address.toString()));
        if (upstreamCa != null) {
            flags.put(ConfigKeys.UPSTREAM_TLS_CA, List.of(upstreamCa.toString()));
        }
        if (level != null) {
            flags.put(ConfigKeys.UPSTREAM_TLS_LEVEL, List.of(level));
        }
        return flags;
    }

    /** The environment, with the check's DNS options over it (those keys have no flag of their own). */
    private Map<String, String> environment() {
        Map<String, String> merged = new LinkedHashMap<>(env);
        if (dnsServers != null) {
            merged.put(ConfigKeys.DNS_SERVERS.envName(), String.join(",", dnsServers));
        }
        if (trustAnchor != null) {
            merged.put(ConfigKeys.DNS_TRUST_ANCHOR.envName(), trustAnchor.toString());
        }
        return merged;
    }
}
