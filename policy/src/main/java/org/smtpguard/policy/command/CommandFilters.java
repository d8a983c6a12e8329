package org.smtpguard.policy.command;

import java.util.List;
import java.util.stream.Collectors;
import org.smtpguard.policy.decision.Decision;
import org.smtpguard.policy.smtp.Command;

/** An ordered list of {@link CommandFilter}s: the first decision that is not a forward wins. */
public final class CommandFilters implements CommandFilter {

    private static final CommandFilters STANDARD = new CommandFilters(List.of(
            new VrfyExpnFilter(), new UnrelayedVerbFilter(), new GreetingFirstFilter(), new StartTlsFilter(),
            new AuthRequiresTlsFilter()));

    private final List<CommandFilter> filters;

    public CommandFilters(List<CommandFilter> filters) {
        this.filters = List.copyOf(filters);
    }

    /**
     * VRFY/EXPN, then verbs smtpguard does not relay, then EHLO/HELO before a transaction or AUTH,
     * then when STARTTLS may start, then AUTH only over TLS (or from a trusted network) and once.
     */
    public static CommandFilters standard() {
        return STANDARD;
    }

    /** The filters in the order they run. */
    public List<CommandFilter> filters() {
        return filters;
    }

    @Override
    public Decision decide(Command command, SessionView session) {
        for (CommandFilter filter : filters) {
            Decision decision = filter.decide(command, session);
            if (!(decision instanceof Decision.Forward)) {
                return decision;
            }
        }
        return Decision.FORWARD;
    }

    @Override
    public String toString() {
        return filters.stream().map(f -> f.getClass().getSimpleName())
                .collect(Collectors.joining(", ", "CommandFilters[", "]"));
    }
}
