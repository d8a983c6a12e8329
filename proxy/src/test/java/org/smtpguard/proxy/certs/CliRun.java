package org.smtpguard.proxy.certs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.smtpguard.proxy.Main;

/** One run of the command line through {@link Main#execute}: exit status, stdout, stderr. */
record CliRun(int status, String out, String err) {

    static CliRun of(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static CliRun of(String... args) {
        return of(Map.of(), args);
    }

    List<String> outLines() {
        return out.lines().toList();
    }

    /** The one line on stderr (fails if there are more or none). */
    String errLine() {
        assertThat(err.lines().toList()).as("stderr: %s", err).hasSize(1);
        return err.lines().findFirst().orElseThrow();
    }
}
