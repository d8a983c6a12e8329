package org.smtpguard.proxy.interop;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * smtpguard as operators run it: {@code java -jar proxy/target/smtpguard.jar run …} in its own
 * process, with a plaintext and an implicit-TLS listener on free loopback ports below 32768 (the
 * flags take no port 0), smtpguard's client-side certificate from the interop CA and the upstream
 * verified against the upstream CA. Started when it has logged both "listening on" lines and
 * "smtpguard started"; its log lines are kept for assertions and printed when it is closed.
 */
final class SmtpguardProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final int FIRST_PORT = Integer.getInteger("interop.proxy.port.base", 21025);

    private final Process process;
    private final List<String> log = new CopyOnWriteArrayList<>();
    final int port;
    final int tlsPort;

    private SmtpguardProcess(List<String> command, int port, int tlsPort) {
        this.port = port;
        this.tlsPort = tlsPort;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    log.add(line);
                }
            } catch (IOException ignored) {
                // the process was stopped
            }
        }, "smtpguard-log");
        reader.setDaemon(true);
        reader.start();
    }

    /** smtpguard relaying to Postfix's port {@code upstreamPort}, with {@code extraFlags} (e.g. {@code --upstream-tls implicit}). */
    static SmtpguardProcess start(InteropPeers peers, int upstreamPort, String... extraFlags)
            throws InterruptedException {
        int[] ports = freePorts(2);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", // less JIT work on the shared cores of a CI machine
                "-jar", jar().toString(), "run",
                "--listen", "127.0.0.1:" + ports[0],
                "--listen-tls", "127.0.0.1:" + ports[1],
                "--tls-cert", peers.clientCert().toString(),
                "--tls-key", peers.clientKey().toString(),
                "--upstream", "127.0.0.1:" + upstreamPort,
                "--upstream-name", peers.upstreamName(),
                "--upstream-ca", peers.upstreamCa().toString()));
        command.addAll(List.of(extraFlags));
        SmtpguardProcess proxy = new SmtpguardProcess(command, ports[0], ports[1]);
        proxy.awaitStarted(command);
        return proxy;
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty("smtpguard.jar", "target/smtpguard.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            fail("no smtpguard jar at " + jar + ": build it first (mvn -B -pl proxy package, or run the interop"
                    + " profile with `verify`, which packages before the integration tests)");
        }
        return jar;
    }

    private void awaitStarted(List<String> command) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (log.stream().anyMatch(l -> l.contains("smtpguard started"))) {
                String plain = "listening on 127.0.0.1:" + port + " ";
                String tls = "listening on 127.0.0.1:" + tlsPort + " ";
                if (log.stream().anyMatch(l -> l.contains(plain)) && log.stream().anyMatch(l -> l.contains(tls))) {
                    return;
                }
                close();
                fail("smtpguard started without logging both listeners:\n" + output());
            }
            if (!process.isAlive()) {
                process.waitFor(2, TimeUnit.SECONDS);
                Thread.sleep(200); // let the reader take the last lines
                fail("smtpguard exited with status " + process.exitValue() + " before listening: "
                        + String.join(" ", command) + "\n" + output());
            }
            Thread.sleep(50);
        }
        close();
        fail("smtpguard did not start within " + START_TIMEOUT + ":\n" + output());
    }

    /** Every line smtpguard has logged so far. */
    List<String> logLines() {
        return List.copyOf(log);
    }

    String output() {
        return String.join("\n", log);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: the shutdown hook closes the listeners
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        System.out.println("---- smtpguard log (port " + port + ", TLS port " + tlsPort + ")");
        log.forEach(System.out::println);
    }

    /** {@code n} ports that nothing listens on now, from {@code interop.proxy.port.base} (default 21025) up. */
    private static int[] freePorts(int n) {
        int[] ports = new int[n];
        int found = 0;
        for (int port = FIRST_PORT; port < FIRST_PORT + 2000 && found < n; port++) {
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                ports[found++] = probe.getLocalPort();
            } catch (IOException inUse) {
                // try the next one
            }
        }
        if (found < n) {
            throw new IllegalStateException("no free port in " + FIRST_PORT + "-" + (FIRST_PORT + 2000));
        }
        return ports;
    }
}
