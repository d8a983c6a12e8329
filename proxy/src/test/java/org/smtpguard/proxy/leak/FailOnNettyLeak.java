package org.smtpguard.proxy.leak;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a leak while it ran (or since the previous class: a leak is
 * found when the buffer is garbage-collected), and any class when leak detection is not at PARANOID
 * with reports recorded. Registered for every test of this module through
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension} and
 * {@code junit.jupiter.extensions.autodetection.enabled} in {@code junit-platform.properties}.
 */
public final class FailOnNettyLeak implements BeforeAllCallback, AfterAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        String problem = LeakReports.problem();
        if (problem != null) {
            throw new AssertionError(problem);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        check(context.getDisplayName());
    }

    /** Throws an AssertionError with every leak reported so far, blaming {@code testClass}. */
    static void check(String testClass) {
        LeakReports.collect();
        List<String> leaks = LeakReports.drain();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty leak report(s) during or before "
                    + testClass + ":\n" + String.join("\n", leaks));
        }
    }
}
