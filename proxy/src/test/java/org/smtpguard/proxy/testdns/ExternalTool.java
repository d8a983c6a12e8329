package org.smtpguard.proxy.testdns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the DNS tools the test server needs, each with a deadline; installs them first if missing. */
final class ExternalTool {

    /** The Debian packages: the server and the zone signer. */
    static final List<String> TOOLS = List.of("nsd", "dnssec-keygen", "dnssec-signzone");
    private static final long DEADLINE_SECONDS = 60;
    private static final Path SETUP = Path.of("..", ".ci", "dns-setup.sh");

    private ExternalTool() {
    }

    /** Runs a tool to completion; fails with its output if it fails or takes longer than the deadline. */
    static void run(Path dir, String... command) throws IOException {
        String[] resolved = command.clone();
        Path tool = find(command[0]);
        if (tool != null) {
            resolved[0] = tool.toString();
        }
        Process process = new ProcessBuilder(resolved).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(command[0] + ".out").toFile()).start();
        try {
            if (!process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command[0] + " took longer than " + DEADLINE_SECONDS + "s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command[0], e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": "
                    + Files.readString(dir.resolve(command[0] + ".out"), StandardCharsets.UTF_8).strip());
        }
    }

    /** Makes sure NSD and BIND's signer are installed: runs .ci/dns-setup.sh (apt-get) if one is missing. */
    static synchronized void ensureInstalled(Path dir) throws IOException {
        if (missing().isEmpty()) {
            return;
        }
        if (!Files.isRegularFile(SETUP)) {
            throw new IOException("missing " + missing() + " and no " + SETUP.toAbsolutePath().normalize()
                    + " to install them (Debian packages nsd, bind9-utils)");
        }
        run(dir, "bash", SETUP.toAbsolutePath().normalize().toString());
        if (!missing().isEmpty()) {
            throw new IOException("still missing after .ci/dns-setup.sh: " + missing());
        }
    }

    private static List<String> missing() {
        List<String> missing = new ArrayList<>();
        for (String tool : TOOLS) {
            if (find(tool) == null) {
                missing.add(tool);
            }
        }
        return missing;
    }

    /** The tool's path on PATH or in the sbin directories (NSD is in /usr/sbin), or null. */
    static Path find(String tool) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/local/sbin"));
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return Path.of(dir, tool);
            }
        }
        return null;
    }
}
