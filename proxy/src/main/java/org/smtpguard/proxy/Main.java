package org.smtpguard.proxy;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;
import org.smtpguard.proxy.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;

/**
 * The {@code smtpguard} command line. Every bad flag, file or value ends with exit status 2
 * and one line per problem on stderr, each prefixed {@code smtpguard: }.
 */
@Command(name = "smtpguard", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Transparent SMTP security proxy: clients in, verified TLS to the upstream.",
        subcommands = {
            RunCommand.class,
            org.smtpguard.proxy.demo.DemoCommand.class,
            org.smtpguard.proxy.bench.BenchCommand.class,
            org.smtpguard.proxy.check.CheckCommand.class,
            org.smtpguard.proxy.certs.CertsCommand.class,
        })
public final class Main {

    private static final String PREFIX = "smtpguard: ";

    private Main() {
    }

    /** Runs the command line; returns (and so exits) only when the command, e.g. the server, has finished. */
    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err, System.getenv()));
    }

    /**
     * Runs the command line in-process and returns its exit status: 0 done, 2 bad usage or
     * configuration (one line on {@code err}), 1 an internal error.
     */
    public static int execute(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        CommandLine commandLine = new CommandLine(new Main(), new Factory(env))
                .setOut(outWriter)
                .setErr(errWriter)
                .setExpandAtFiles(false)
                .setParameterExceptionHandler(Main::onBadParameter)
                .setExecutionExceptionHandler((e, failed, parsed) -> onFailure(e, failed));
        try {
            return commandLine.execute(args);
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }

    /** The one line printed for a user error. */
    public static String errorLine(String message) {
        return PREFIX + String.valueOf(message).replaceAll("[\\r\\n]+\\s*", " ").strip();
    }

    private static int onBadParameter(ParameterException e, String[] args) {
        CommandLine failed = e.getCommandLine();
        String help = failed.getCommandSpec().qualifiedName() + " --help";
        failed.getErr().println(errorLine(e.getMessage() + " (see " + help + ")"));
        return RunCommand.EXIT_USAGE;
    }

    private static int onFailure(Exception e, CommandLine failed) {
        PrintWriter err = failed.getErr();
        if (e instanceof ConfigException config) {
            config.problems().forEach(problem -> err.println(errorLine(problem)));
            return RunCommand.EXIT_USAGE;
        }
        err.println(errorLine("internal error: " + e));
        e.printStackTrace(err);
        return 1;
    }

    /** Creates the commands, giving {@code run} the environment passed to {@link #execute}. */
    private record Factory(Map<String, String> env) implements IFactory {

        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == RunCommand.class) {
                return type.cast(new RunCommand(env));
            }
            if (type == org.smtpguard.proxy.check.CheckCommand.class) {
                return type.cast(new org.smtpguard.proxy.check.CheckCommand(env));
            }
            if (type == org.smtpguard.proxy.certs.CertsShowCommand.class) {
                return type.cast(new org.smtpguard.proxy.certs.CertsShowCommand(env));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    /** The version from the jar's manifest ({@code Implementation-Version}), or {@code dev}. */
    static final class Version implements IVersionProvider {

        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"smtpguard " + (version == null ? "dev" : version)};
        }
    }
}
