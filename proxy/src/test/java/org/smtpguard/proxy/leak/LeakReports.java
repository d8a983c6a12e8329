package org.smtpguard.proxy.leak;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;

/** The leak reports of this JVM's Netty, collected by {@link RecordingLeakDetector}. */
public final class LeakReports {

    private static final List<String> REPORTS = new ArrayList<>();

    private LeakReports() {
    }

    static synchronized void add(String report) {
        REPORTS.add(report);
    }

    /** The reports so far; the list starts empty again. */
    public static synchronized List<String> drain() {
        List<String> drained = List.copyOf(REPORTS);
        REPORTS.clear();
        return drained;
    }

    /**
     * Whether leak detection runs as the build needs it: level PARANOID (every buffer tracked) and
     * reports recorded here. Without that, a leak could go unnoticed, so a test class fails.
     */
    public static String problem() {
        if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
            return "Netty leak detection level is " + ResourceLeakDetector.getLevel()
                    + ", not PARANOID (system property io.netty.leakDetection.level)";
        }
        if (!(ResourceLeakDetectorFactory.instance().newResourceLeakDetector(Object.class)
                instanceof RecordingLeakDetector)) {
            return "Netty leak reports are not recorded (system property io.netty.customResourceLeakDetector="
                    + RecordingLeakDetector.class.getName() + " is missing)";
        }
        return null;
    }

    /**
     * Makes Netty report the leaks of buffers that are unreachable now: collects garbage, then
     * allocates and releases buffers (Netty looks for collected, unreleased buffers when it tracks a
     * new one). Bounded: a few rounds of at most a few hundred milliseconds.
     */
    public static void collect() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            for (int i = 0; i < 8; i++) {
                release(UnpooledByteBufAllocator.DEFAULT.heapBuffer(8));
                release(UnpooledByteBufAllocator.DEFAULT.directBuffer(8));
                release(PooledByteBufAllocator.DEFAULT.heapBuffer(8));
                release(PooledByteBufAllocator.DEFAULT.directBuffer(8));
                release(UnpooledByteBufAllocator.DEFAULT.compositeBuffer());
            }
        }
    }

    private static void release(ByteBuf buf) {
        buf.release();
    }
}
