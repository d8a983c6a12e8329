package org.smtpguard.proxy.interop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a client program (swaks, curl, python3) to completion with a deadline, stdout and stderr together. */
final class ExternalCommand {

    /** How it ended: the exit status and everything it printed. */
    record Result(List<String> command, int exitCode, String output) {

        @Override
        public String toString() {
            return String.join(" ", command) + "\nexit " + exitCode + "\n" + output;
        }
    }

    private ExternalCommand() {
    }

    /** Runs {@code command} with {@code stdin} as its input; kills it and fails after {@code timeout}. */
    static Result run(List<String> command, byte[] stdin, Duration timeout) throws InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0) + " (is it installed? see .ci/interop-setup.sh)", e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = pump(process.getInputStream(), output, command.get(0) + "-output");
        Thread writer = new Thread(() -> {
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin);
            } catch (IOException ignored) {
                // the program exited without reading all of its input: its output says why
            }
        }, command.get(0) + "-input");
        writer.setDaemon(true);
        writer.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            reader.join(2000);
            throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", command) + "\n"
                    + text(output));
        }
        reader.join(5000);
        writer.join(1000);
        return new Result(List.copyOf(command), process.exitValue(), text(output));
    }

    static Thread pump(InputStream from, OutputStream to, String name) {
        Thread thread = new Thread(() -> {
            try (from) {
                from.transferTo(to);
            } catch (IOException ignored) {
                // the process was killed
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static String text(ByteArrayOutputStream output) {
        synchronized (output) {
            return output.toString(StandardCharsets.UTF_8);
        }
    }
}
