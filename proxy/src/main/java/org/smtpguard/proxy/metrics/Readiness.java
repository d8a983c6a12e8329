package org.smtpguard.proxy.metrics;

/** Whether smtpguard is ready for clients now, and if not, why (one line for {@code /readyz}). */
@FunctionalInterface
public interface Readiness {

    /** The answer of one check. */
    record State(boolean ready, String reason) {

        public static State ready(String what) {
            return new State(true, what);
        }

        public static State notReady(String why) {
            return new State(false, why);
        }
    }

    State check();
}
