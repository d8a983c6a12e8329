package org.smtpguard.proxy.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import io.netty.util.concurrent.EventExecutor;
import org.smtpguard.proxy.session.SessionAction;

/**
 * Holds a session's actions back while a tarpit delay runs: everything after a
 * {@link SessionAction.Delay} (and everything the session asks meanwhile) is carried out in the same
 * order when the delay is over. The handler reads nothing from the client meanwhile.
 */
final class TarpitGate {

    private final EventExecutor executor;
    private final Consumer<List<SessionAction>> perform;
    private List<SessionAction> held;

    TarpitGate(EventExecutor executor, Consumer<List<SessionAction>> perform) {
        this.executor = executor;
        this.perform = perform;
    }

    /** Whether a delay runs (actions are held). */
    boolean closed() {
        return held != null;
    }

    /** Keeps these actions for later, after the ones already held. */
    void hold(List<SessionAction> actions) {
        held.addAll(actions);
    }

    /**
     * Starts a delay: {@code first} (then whatever is held meanwhile) is carried out after it.
     * {@code onOpen} runs just before, on the event loop.
     */
    void close(Duration delay, List<SessionAction> first, Runnable onOpen) {
        held = new ArrayList<>(first);
        executor.schedule(() -> {
            List<SessionAction> due = held;
            held = null;
            onOpen.run();
            perform.accept(due);
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
}
