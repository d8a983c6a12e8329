package org.smtpguard.proxy;

import ch.qos.logback.classic.Level;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import org.smtpguard.proxy.config.ConfigKey;
import org.smtpguard.proxy.config.ConfigKeys;
import org.smtpguard.proxy.config.ConfigLoader;
import org.smtpguard.proxy.config.LoadedConfig;
import org.smtpguard.proxy.config.LogConfig;
import org.smtpguard.proxy.log.LogFormats;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code smtpguard run}: loads the configuration (defaults, {@code --config} file, environment,
 * flags), then either prints it ({@code --print-config}) or starts the proxy and waits until it
 * is closed. The flags that set keys ({@code --upstream}, {@code --listen}, …) are not declared
 * here but added from {@link ConfigKeys}, where each key and its flag are declared once.
 */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        sortOptions = false, usageHelpAutoWidth = true, modelTransformer = RunCommand.KeyOptions.class,
        description = "Accept SMTP clients and relay them to the upstream, always over verified TLS.",
        footer = {"", "Every setting, shown with its value and source by --print-config, can also be set in the"
            + " --config YAML file (nested or dotted keys) or as an environment variable SMTPGUARD_<KEY>"
            + " (e.g. SMTPGUARD_UPSTREAM_TLS_MODE; lists comma-separated). Flags win over the environment,"
            + " which wins over the file, which wins over the defaults."})
public final class RunCommand implements Callable<Integer> {

    /** Exit status for an unusable configuration or a listener that cannot be bound. */
    public static final int EXIT_USAGE = 2;

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", order = 100,
            description = "YAML file of settings (keys as --print-config shows them)")
    private Path configFile;

    @Option(names = "--print-config", order = 101,
            description = "print every setting as 'key = value  # source' and exit without starting")
    private boolean printConfig;

    @Option(names = "--check-config", order = 102,
            description = "check the configuration (file, environment, flags) and exit: 0 if it is valid,"
                    + " else 2 and one line per problem")
    private boolean checkConfig;

    private final Map<String, String> env;

    RunCommand(Map<String, String> env) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    }

    @Override
    public Integer call() throws InterruptedException {
        LoadedConfig loaded = new ConfigLoader().load(flagValues(), env, Optional.ofNullable(configFile));
        if (checkConfig) {
            PrintWriter out = spec.commandLine().getOut();
            out.println("smtpguard: configuration ok (upstream " + loaded.config().upstream().address() + ")");
            out.flush();
            return 0;
        }
        if (printConfig) {
            PrintWriter out = spec.commandLine().getOut();
            loaded.printLines().forEach(out::println);
            out.flush();
            return 0;
        }
        applyLogLevel(loaded.config().log());
        LogFormats.use(loaded.config().log().format());
        SmtpguardServer server;
        try {
            server = SmtpguardServer.start(loaded.config());
        } catch (IllegalStateException e) { // a listener cannot be bound, or TLS cannot be set up: one line
            PrintWriter err = spec.commandLine().getErr();
            err.println(Main.errorLine(String.valueOf(e.getMessage())));
            err.flush();
            return EXIT_USAGE;
        }
        var grace = loaded.config().lifecycle().shutdownGrace();
        ShutdownSignals.install(() -> server.shutdown(grace)); // SIGTERM: graceful, then exit 0
        Thread hook = new Thread(server::close, "smtpguard-shutdown"); // any other exit: close at once
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            server.awaitClosed();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is what closed the server: nothing to undo
            }
            server.close();
        }
        return 0;
    }

    /** The values of the key flags given on the command line, by key. */
    private Map<ConfigKey<?>, List<String>> flagValues() {
        ParseResult parsed = spec.commandLine().getParseResult();
        Map<ConfigKey<?>, List<String>> values = new LinkedHashMap<>();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            key.flag().filter(parsed::hasMatchedOption).ifPresent(flag -> {
                Object value = parsed.matchedOption(flag).getValue();
                List<String> items = value instanceof List<?> list
                        ? list.stream().map(String::valueOf).toList()
                        : List.of(String.valueOf(value));
                values.put(key, items);
            });
        }
        return values;
    }

    private static void applyLogLevel(LogConfig log) {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(Level.toLevel(log.level().toUpperCase(Locale.ROOT)));
        }
    }

    /** Adds an option for every key that has a flag, with the key's doc and default as its help. */
    static final class KeyOptions implements IModelTransformer {

        @Override
        public CommandSpec transform(CommandSpec command) {
            int order = 0;
            for (ConfigKey<?> key : ConfigKeys.all()) {
                if (key.flag().isEmpty()) {
                    continue;
                }
                String help = key.doc() + " (" + key.name() + "; default: " + key.defaultValue().describe() + ")";
                OptionSpec.Builder option = OptionSpec.builder(key.flag().get())
                        .paramLabel(key.type().metavar())
                        .description(help.replace("%", "%%"))
                        .arity("1")
                        .order(order++);
                if (key.type().isList()) {
                    option.type(List.class).auxiliaryTypes(String.class).splitRegex(",");
                } else {
                    option.type(String.class);
                }
                command.addOption(option.build());
            }
            return command;
        }
    }
}
