package org.smtpguard.proxy.leak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The leak check of the test suite checks: a buffer that is never released is reported, and the
 * extension registered for every test class fails the class for it. (The leak made here is drained
 * before this class ends, so the suite itself stays green.)
 */
class NettyLeakDetectionTest {

    @AfterEach
    void forgetTheDeliberateLeaks() {
        LeakReports.collect();
        LeakReports.drain();
    }

    @Test
    void detectionIsParanoidAndRecorded() {
        assertThat(LeakReports.problem()).isNull();
    }

    @Test
    void aBufferThatIsNeverReleasedIsReportedAndFailsTheTestClass() {
        LeakReports.collect();
        assertThat(LeakReports.drain()).as("no leak before this test").isEmpty();
        leakABuffer();

        List<String> reports = new ArrayList<>();
        for (int attempt = 0; attempt < 10 && reports.isEmpty(); attempt++) {
            LeakReports.collect();
            reports.addAll(LeakReports.drain());
        }
        assertThat(reports).isNotEmpty();
        assertThat(reports.get(0)).startsWith("LEAK: ").contains("leakABuffer");

        leakABuffer();
        assertThatThrownBy(() -> {
            for (int attempt = 0; attempt < 10; attempt++) {
                FailOnNettyLeak.check("SomeLeakingTest");
            }
        }).isInstanceOf(AssertionError.class).hasMessageContaining("Netty leak report(s) during or before SomeLeakingTest");
    }

    private static void leakABuffer() {
        ByteBuf leaked = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        leaked.writeInt(42);
        leaked.touch("leakABuffer");
    }
}
