package org.smtpguard.proxy.it;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The packaged jar ({@code target/smtpguard.jar}, built by {@code package} before failsafe runs) as
 * an operator runs it: its own process with a given command line and environment, standard input
 * from /dev/null, its output in a temporary file (read for assertions, printed when it is closed);
 * {@link #terminate()} sends SIGTERM.
 */
final class JarProcess implements AutoCloseable {

    private static final Duration LINE_TIMEOUT = Duration.ofSeconds(60);
    private static final int FIRST_PORT = Integer.getInteger("it.port.base", 23025);

    private final Process process;
    private final Path outputFile;
    private final String description;

    private JarProcess(List<String> command, Map<String, String> environment) {
        this.description = String.join(" ", command);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("SMTPGUARD_"));
        builder.environment().putAll(environment);
        try {
            outputFile = Files.createTempFile("smtpguard-process-", ".log");
            builder.redirectOutput(outputFile.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + description, e);
        }
    }

    /** {@code java [jvmOptions] -jar target/smtpguard.jar args…} with {@code environment} added. */
    static JarProcess start(List<String> args, Map<String, String> environment) {
        List<String> command = new ArrayList<>(List.of(javaCommand(), "-XX:TieredStopAtLevel=1", "-jar", jar().toString()));
        command.addAll(args);
        return new JarProcess(command, environment);
    }

    /** A command line as it is, e.g. a container's, with {@code java} replaced by this JVM's. */
    static JarProcess startExactly(List<String> command, Map<String, String> environment) {
        return new JarProcess(command, environment);
    }

    static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("smtpguard.jar", "target/smtpguard.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            fail("no smtpguard jar at " + jar + ": run the ITs with `mvn verify` (package comes first)");
        }
        return jar;
    }

    /** Waits until a line matching {@code wanted} is printed; fails if the process exits or it takes too long. */
    String awaitLine(String what, Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + LINE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean exited = !process.isAlive();
            for (String line : lines()) {
                if (wanted.test(line)) {
                    return line;
                }
            }
            if (exited) {
                fail("exited with " + process.exitValue() + " before printing " + what + ": " + description
                        + "\n" + output());
            }
            Thread.sleep(50);
        }
        fail("did not print " + what + " within " + LINE_TIMEOUT + ": " + description + "\n" + output());
        return null;
    }

    /** Waits until smtpguard has logged "smtpguard started". */
    void awaitStarted() throws InterruptedException {
        awaitLine("smtpguard started", l -> l.contains("smtpguard started"));
    }

    /** Sends SIGTERM (what Kubernetes and {@code docker stop} send). */
    void terminate() {
        process.destroy();
    }

    /** Waits (bounded) for the exit; returns its status, or fails if it is still running. */
    int awaitExit(Duration atMost) throws InterruptedException {
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("still running " + atMost + " later:\n" + output());
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Every line printed so far (standard output and error). */
    List<String> lines() {
        try {
            return Files.readAllLines(outputFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String output() {
        return String.join("\n", lines());
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        System.out.println("---- " + description);
        lines().forEach(System.out::println);
        try {
            Files.deleteIfExists(outputFile);
        } catch (IOException ignored) {
            // a temporary file
        }
    }

    /**
     * {@code n} loopback ports nothing listens on now, below the ephemeral range (the flags take no
     * port 0): from a random start in {@code it.port.base} (default 23025) + 0..4000, so that builds
     * running side by side on one machine rarely probe the same ports.
     */
    static int[] freePorts(int n) {
        int[] ports = new int[n];
        int found = 0;
        int first = FIRST_PORT + java.util.concurrent.ThreadLocalRandom.current().nextInt(4000);
        for (int port = first; port < first + 3000 && found < n; port++) {
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                ports[found++] = probe.getLocalPort();
            } catch (IOException inUse) {
                // try the next one
            }
        }
        if (found < n) {
            throw new IllegalStateException("no free port in " + first + "-" + (first + 3000));
        }
        return ports;
    }
}
