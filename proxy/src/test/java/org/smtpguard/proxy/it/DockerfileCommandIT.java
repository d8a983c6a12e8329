package org.smtpguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.smtpguard.proxy.config.ConfigLoader;
import org.smtpguard.proxy.config.HostPort;
import org.smtpguard.proxy.config.SmtpguardConfig;
import org.smtpguard.proxy.it.FaultyUpstream.Fault;

/**
 * The container image without a container engine: the jar is started with {@code deploy/Dockerfile}'s
 * own ENTRYPOINT, CMD and ENV (read from the file, with the image's paths mapped to the files they
 * are copied from), and must serve SMTP and answer the file's own HEALTHCHECK command. The only
 * change made is the ports, since fixed ports may be taken on a build machine; that the image's
 * ports are the ones it EXPOSEs and checks is asserted separately.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DockerfileCommandIT extends AgainstFaultyUpstream {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Path DOCKERFILE = REPOSITORY.resolve("deploy/Dockerfile");

    private ContainerImageFile image;
    private JarProcess smtpguard;

    @BeforeEach
    void readDockerfile() throws Exception {
        assertThat(DOCKERFILE).exists();
        image = ContainerImageFile.read(DOCKERFILE);
    }

    @AfterEach
    void stopProcess() {
        if (smtpguard != null) {
            smtpguard.close();
        }
    }

    @Test
    void theImageRunsAsAnUnprivilegedUserWithExecFormCommandsAndChecksItsOwnMetricsPort() throws Exception {
        assertThat(image.user).as("USER").isNotBlank().doesNotStartWith("root").doesNotStartWith("0");
        assertThat(image.entrypoint).as("ENTRYPOINT").startsWith("java").contains("-jar");
        assertThat(image.cmd).as("CMD").startsWith("run");

        SmtpguardConfig config = imageConfig(Map.of("SMTPGUARD_UPSTREAM_ADDRESS", "mail.example:587"));
        assertThat(config.client().listen()).containsExactly(HostPort.parse("0.0.0.0:2525"));
        HostPort metrics = config.metrics().listen().orElseThrow(() -> new AssertionError("no metrics.listen in the image"));
        assertThat(image.exposedPorts).as("EXPOSE").containsExactlyInAnyOrder(2525, metrics.port());
        assertThat(image.healthcheck).as("HEALTHCHECK").anyMatch(arg -> arg.equals(
                "http://127.0.0.1:" + metrics.port() + "/healthz"));
    }

    @Test
    void theDockerfilesCommandServesSmtpAndPassesItsHealthcheckAndStopsWith0OnSigterm() throws Exception {
        upstream = FaultyUpstream.start(Fault.NONE, certificates);
        int[] ports = JarProcess.freePorts(2);
        Map<String, String> env = new HashMap<>(image.env);
        env.put("SMTPGUARD_UPSTREAM_ADDRESS", "127.0.0.1:" + upstream.port()); // what a deployment sets
        env.put("SMTPGUARD_UPSTREAM_TLS_NAME", TestCertificates.UPSTREAM_NAME);
        env.put("SMTPGUARD_UPSTREAM_TLS_CA", certificates.caPem.toString());
        env.put("SMTPGUARD_CLIENT_LISTEN", "0.0.0.0:" + ports[0]); // free ports instead of 2525 and 9465
        env.put("SMTPGUARD_METRICS_LISTEN", "0.0.0.0:" + ports[1]);

        smtpguard = JarProcess.startExactly(hostCommand(image.command()), env);
        smtpguard.awaitStarted();

        try (SmtpTestClient client = SmtpTestClient.connect(new InetSocketAddress("127.0.0.1", ports[0]))) {
            assertThat(client.readReply().code()).isEqualTo(220);
            assertThat(client.command("EHLO app.test").code()).isEqualTo(250);
            assertThat(client.command("MAIL FROM:<app@client.test>").code()).isEqualTo(250);
            assertThat(client.command("RCPT TO:<ops@mail.test>").code()).isEqualTo(250);
            assertThat(client.command("DATA").code()).isEqualTo(354);
            assertThat(client.command("Subject: from the container command\r\n\r\nhello\r\n.").code()).isEqualTo(250);
            assertThat(client.command("QUIT").code()).isEqualTo(221);
        }
        assertThat(upstream.messages()).singleElement().satisfies(m -> assertThat(m.tls()).isTrue());

        List<String> healthcheck = image.healthcheck.stream()
                .map(arg -> arg.replace(":9465/", ":" + ports[1] + "/")).toList();
        assertHealthcheckPasses(healthcheck);
        assertThat(get("http://127.0.0.1:" + ports[1] + "/readyz").statusCode()).as("/readyz").isEqualTo(200);

        smtpguard.terminate(); // docker stop: the STOPSIGNAL, SIGTERM
        assertThat(smtpguard.awaitExit(Duration.ofSeconds(20))).isZero();
    }

    /** The image's configuration: its config file (from the CMD) and its ENV, plus {@code extraEnv}. */
    private SmtpguardConfig imageConfig(Map<String, String> extraEnv) {
        List<String> command = hostCommand(image.command());
        int config = command.indexOf("--config");
        assertThat(config).as("the CMD names a --config file").isPositive();
        Map<String, String> env = new HashMap<>(image.env);
        env.putAll(extraEnv);
        return new ConfigLoader(() -> "smtpguard.container").load(Map.of(), env,
                Optional.of(Path.of(command.get(config + 1)))).config();
    }

    /**
     * The container's command with {@code java} replaced by this JVM and every path of the image
     * replaced by the file the Dockerfile copies there (the jar: the one this build packaged).
     */
    private List<String> hostCommand(List<String> containerCommand) {
        List<String> command = new ArrayList<>();
        for (int i = 0; i < containerCommand.size(); i++) {
            String arg = containerCommand.get(i);
            if (i == 0 && arg.equals("java")) {
                command.add(JarProcess.javaCommand());
            } else if (image.copies.containsKey(arg)) {
                String source = image.copies.get(arg);
                if (source.contains(":")) { // from the build stage: only the jar is expected
                    assertThat(source).endsWith("proxy/target/smtpguard.jar");
                    command.add(JarProcess.jar().toString());
                } else {
                    command.add(REPOSITORY.resolve(source).toString());
                }
            } else if (arg.startsWith("/") && !arg.equals("/tmp") && !arg.endsWith("=/tmp")) {
                fail("the container command names " + arg + ", which the Dockerfile does not COPY");
            } else {
                command.add(arg);
            }
        }
        return command;
    }

    /** Runs the HEALTHCHECK command itself (curl), or, where curl is missing, the same GET in Java. */
    private static void assertHealthcheckPasses(List<String> healthcheck) throws Exception {
        Optional<Path> curl = Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(p -> java.util.Arrays.stream(p.split(":")))
                .map(dir -> Path.of(dir, healthcheck.get(0))).filter(Files::isExecutable).findFirst();
        if (curl.isPresent()) {
            Process check = new ProcessBuilder(healthcheck).redirectErrorStream(true).start();
            assertThat(check.waitFor(10, TimeUnit.SECONDS)).as("HEALTHCHECK finished").isTrue();
            assertThat(check.exitValue()).as("HEALTHCHECK %s: %s", healthcheck,
                    new String(check.getInputStream().readAllBytes())).isZero();
        } else {
            String url = healthcheck.stream().filter(a -> a.startsWith("http")).findFirst().orElseThrow();
            assertThat(get(url).statusCode()).as("GET %s", url).isEqualTo(200);
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
