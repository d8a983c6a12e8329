package org.smtpguard.proxy.leak;

import io.netty.util.ResourceLeakDetector;

/**
 * Netty's leak detector as the tests run it (system property {@code io.netty.customResourceLeakDetector},
 * set by surefire and failsafe, level PARANOID): every leak report is logged as usual and also kept in
 * {@link LeakReports}, where {@link FailOnNettyLeak} finds it and fails the test class.
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
    }

    @SuppressWarnings("deprecation")
    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        super(resourceType, samplingInterval, maxActive);
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        LeakReports.add("LEAK: " + resourceType + ".release() was not called before it was garbage-collected."
                + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        LeakReports.add("LEAK: " + resourceType + ".release() was not called before it was garbage-collected"
                + " (no records).");
        super.reportUntracedLeak(resourceType);
    }
}
