package org.smtpguard.proxy;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT start a graceful shutdown instead of the JVM's immediate exit, so that
 * {@code run} can let sessions finish and then exit with status 0 (a JVM that exits through its
 * shutdown hooks on SIGTERM reports 143). A second signal is handed on too: the action decides what
 * it means (end the remaining sessions at once).
 */
final class ShutdownSignals {

    private static final Logger LOG = LoggerFactory.getLogger("smtpguard");
    private static final List<String> SIGNALS = List.of("TERM", "INT");

    /** What a signal starts; it may block (it runs on the JVM's signal dispatch thread for that signal). */
    interface Action {
        void run() throws InterruptedException;
    }

    private ShutdownSignals() {
    }

    static void install(Action action) {
        for (String name : SIGNALS) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    LOG.info("received SIG{}", signal.getName());
                    try {
                        action.run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            } catch (IllegalArgumentException unavailable) {
                // e.g. SIGINT ignored by the parent (nohup, background job): the shutdown hook remains
                LOG.debug("cannot handle SIG{}: {}", name, unavailable.getMessage());
            }
        }
    }
}
