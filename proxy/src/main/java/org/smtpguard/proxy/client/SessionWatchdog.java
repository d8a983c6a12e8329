package org.smtpguard.proxy.client;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.smtpguard.proxy.config.LimitsConfig;
import org.smtpguard.proxy.config.TimeoutsConfig;
import org.smtpguard.proxy.session.ClientSession;
import org.smtpguard.proxy.session.SessionState;

/**
 * The deadlines of one session, checked by one periodic tick on the session's event loop: client
 * idle between commands, client idle during DATA, the minimum data rate, and the upstream's reply.
 */
final class SessionWatchdog {

    /** What the watchdog found late. */
    enum Late { CLIENT_IDLE, DATA_TOO_SLOW, UPSTREAM_REPLY }

    interface Callback {
        void onLate(Late late);
    }

    /** The rate is judged only after this much of DATA (or the DATA idle timeout, if shorter). */
    private static final long RATE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final TimeoutsConfig timeouts;
    private final LimitsConfig limits;
    private ScheduledFuture<?> tick;
    private long lastClientRead = System.nanoTime();
    private long lastUpstreamActivity = System.nanoTime();
    private boolean upstreamEndOfData;
    private long dataStarted = -1;
    private long dataBytes;

    SessionWatchdog(TimeoutsConfig timeouts, LimitsConfig limits) {
        this.timeouts = timeouts;
        this.limits = limits;
    }

    void start(EventExecutor executor, ClientSession session, Callback callback) {
        long period = tickPeriod().toNanos();
        tick = executor.scheduleAtFixedRate(() -> check(session, callback), period, period, TimeUnit.NANOSECONDS);
    }

    void stop() {
        if (tick != null) {
            tick.cancel(false);
        }
    }

    void clientRead() {
        lastClientRead = System.nanoTime();
    }

    void dataBytes(int n) {
        if (dataStarted < 0) {
            dataStarted = System.nanoTime();
        }
        dataBytes += n;
    }

    void dataEnded() {
        dataStarted = -1;
        dataBytes = 0;
    }

    void upstreamWrite(boolean endOfData) {
        lastUpstreamActivity = System.nanoTime();
        upstreamEndOfData = endOfData;
    }

    /** A reply came: the deadline for the next one starts now. */
    void upstreamReplied() {
        lastUpstreamActivity = System.nanoTime();
    }

    private void check(ClientSession session, Callback callback) {
        long now = System.nanoTime();
        if (session.awaitingUpstream()) {
            Duration limit = upstreamEndOfData ? timeouts.upstreamData() : timeouts.upstreamReply();
            if (now - lastUpstreamActivity > limit.toNanos()) {
                callback.onLate(Late.UPSTREAM_REPLY);
            }
            return;
        }
        if (!session.awaitingClient()) {
            return;
        }
        boolean inData = session.state() == SessionState.DATA || session.state() == SessionState.DATA_DISCARD;
        Duration idle = inData ? timeouts.dataIdle() : timeouts.command();
        if (now - lastClientRead > idle.toNanos()) {
            callback.onLate(Late.CLIENT_IDLE);
        } else if (inData && tooSlow(now)) {
            callback.onLate(Late.DATA_TOO_SLOW);
        }
    }

    private boolean tooSlow(long now) {
        if (limits.dataMinRate() <= 0 || dataStarted < 0) {
            return false;
        }
        long elapsed = now - dataStarted;
        long grace = Math.min(RATE_GRACE_NANOS, timeouts.dataIdle().toNanos());
        return elapsed > grace && dataBytes * 1_000_000_000.0 / elapsed < limits.dataMinRate();
    }

    private Duration tickPeriod() {
        Duration shortest = timeouts.command();
        for (Duration d : new Duration[] {timeouts.dataIdle(), timeouts.upstreamReply(), timeouts.upstreamData()}) {
            if (d.compareTo(shortest) < 0) {
                shortest = d;
            }
        }
        Duration quarter = shortest.dividedBy(4);
        Duration min = Duration.ofMillis(50);
        Duration max = Duration.ofSeconds(5);
        return quarter.compareTo(min) < 0 ? min : quarter.compareTo(max) > 0 ? max : quarter;
    }
}
