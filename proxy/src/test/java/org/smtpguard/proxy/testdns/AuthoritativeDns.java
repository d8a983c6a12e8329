package org.smtpguard.proxy.testdns;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.smtpguard.proxy.config.DnsConfig;
import org.smtpguard.proxy.config.HostPort;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real authoritative DNS server for tests: Debian's NSD on 127.0.0.1 (a free port below 32768,
 * UDP and TCP) serving {@link TestZone}s, the signed ones signed at start by BIND's tools so their
 * signatures are always current. The DS records of the signed zones are written to
 * {@link #trustAnchors()}: point {@code dns.trust_anchor} at it ({@link #dnsConfig()} does both).
 *
 * <pre>{@code
 * @BeforeAll static void dns(@TempDir Path dir) throws IOException {
 *     dns = AuthoritativeDns.start(dir, TestZones.standard()
 *             .with(TestZone.signed("dane.test").with("_" + port + "._tcp.mx-good IN TLSA 3 1 1 " + hex)));
 * }
 * }</pre>
 * Installs the packages first if they are missing ({@code .ci/dns-setup.sh}). Close it after the tests.
 */
public final class AuthoritativeDns implements AutoCloseable {

    private static final int ATTEMPTS = 5;
    private static final Duration READY = Duration.ofSeconds(20);

    private final Process process;
    private final int port;
    private final Path trustAnchors;
    private final Path dir;

    private AuthoritativeDns(Process process, int port, Path trustAnchors, Path dir) {
        this.process = process;
        this.port = port;
        this.trustAnchors = trustAnchors;
        this.dir = dir;
    }

    /** Signs the zones and starts NSD serving them; returns once it answers. */
    public static AuthoritativeDns start(Path dir, List<TestZone> zones) throws IOException {
        if (zones.isEmpty()) {
            throw new IllegalArgumentException("no zones");
        }
        ExternalTool.ensureInstalled(dir);
        StringBuilder anchors = new StringBuilder();
        StringBuilder zoneConfig = new StringBuilder();
        for (TestZone zone : zones) {
            ZoneSigner.Signed signed = ZoneSigner.sign(zone, dir.resolve("zones").resolve(zone.name()));
            if (!signed.ds().isEmpty()) {
                anchors.append(signed.ds()).append('\n');
            }
            zoneConfig.append("zone:\n  name: \"").append(zone.name()).append("\"\n  zonefile: \"")
                    .append(signed.file()).append("\"\n");
        }
        Path trustAnchors = Files.writeString(dir.resolve("trust-anchors"), anchors.toString(), StandardCharsets.US_ASCII);
        List<String> failures = new ArrayList<>();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = freePort();
            Process process = startNsd(dir, port, zoneConfig.toString());
            if (awaitReady(process, port, zones.get(0).name())) {
                return new AuthoritativeDns(process, port, trustAnchors, dir);
            }
            stop(process);
            failures.add("port " + port + ": " + log(dir));
        }
        throw new IOException("NSD did not start: " + failures);
    }

    /** Where the server listens (UDP and TCP). */
    public HostPort address() {
        return new HostPort("127.0.0.1", port);
    }

    /** The DS records of the signed zones (zone-file form), for {@code dns.trust_anchor}. */
    public Path trustAnchors() {
        return trustAnchors;
    }

    /** The default DNS settings, asking only this server and trusting only its signed zones. */
    public DnsConfig dnsConfig() {
        return DnsConfig.defaults().withServers(List.of(address()), Optional.of(trustAnchors));
    }

    /** The server's log so far (for assertion messages). */
    public String log() {
        return log(dir);
    }

    @Override
    public void close() {
        stop(process);
    }

    private static Process startNsd(Path dir, int port, String zones) throws IOException {
        String config = String.join("\n",
                "server:",
                "  ip-address: 127.0.0.1@" + port,
                "  port: " + port,
                "  do-ip6: no",
                "  username: \"\"",
                "  chroot: \"\"",
                "  zonesdir: \"" + dir + "\"",
                "  database: \"\"",
                "  zonelistfile: \"" + dir.resolve("zone.list") + "\"",
                "  xfrdfile: \"" + dir.resolve("xfrd.state") + "\"",
                "  xfrdir: \"" + dir + "\"",
                "  pidfile: \"" + dir.resolve("nsd.pid") + "\"",
                "  logfile: \"" + dir.resolve("nsd.log") + "\"",
                "  server-count: 1",
                "  verbosity: 1",
                "  hide-version: yes",
                "remote-control:",
                "  control-enable: no",
                zones);
        Path file = Files.writeString(dir.resolve("nsd.conf"), config, StandardCharsets.US_ASCII);
        Path nsd = ExternalTool.find("nsd");
        return new ProcessBuilder(nsd.toString(), "-d", "-c", file.toString()).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nsd.out").toFile()).start();
    }

    /** Polls with an SOA query until NSD answers, it exits, or {@link #READY} has passed. */
    private static boolean awaitReady(Process process, int port, String zone) throws IOException {
        SimpleResolver probe = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        probe.setTimeout(Duration.ofMillis(300));
        Message query = Message.newQuery(Record.newRecord(Name.fromString(zone + "."), Type.SOA, DClass.IN));
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (probe.send(query).getRcode() == Rcode.NOERROR) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet, or no answer within 300 ms
            }
            sleep(200);
        }
        return false;
    }

    /** A port below 32768 (the ephemeral range starts there) that is free for UDP and TCP now. */
    private static int freePort() throws IOException {
        for (int i = 0; i < 100; i++) {
            int port = ThreadLocalRandom.current().nextInt(20000, 32000);
            try (ServerSocket tcp = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
                    DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port in 20000-32000");
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String log(Path dir) {
        StringBuilder text = new StringBuilder();
        for (String name : List.of("nsd.out", "nsd.log")) {
            try {
                text.append(Files.readString(dir.resolve(name), StandardCharsets.UTF_8).strip()).append(' ');
            } catch (IOException absent) {
                // not written
            }
        }
        return text.toString().strip();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
