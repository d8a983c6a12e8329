package org.smtpguard.proxy.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslHandler;
import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.smtpguard.proxy.codec.SmtpReplyDecoder;
import org.smtpguard.proxy.net.Transport;

/**
 * One bench run: {@code connections} workers, each opening one session after the other until the
 * run's messages are all claimed or its time is up. Bounded in count (every session, failed or not,
 * uses up at least one message) and in time (at the deadline every open session is stopped).
 */
final class LoadRun {

    private final BenchPlan plan;
    private final Transport transport;
    private final EventLoopGroup group;
    private final BenchTls tls;
    private final ByteBuf content;
    private final ByteBuf authLine;
    private final AtomicLong claimed = new AtomicLong();
    private final Set<SmtpClientSession> open = ConcurrentHashMap.newKeySet();
    private final LatencyRecorder latencies;
    private final FailureCounts failures = new FailureCounts();
    private final AtomicLong sessions = new AtomicLong();
    private final CountDownLatch workersDone;
    private volatile boolean stopping;

    LoadRun(BenchPlan plan, Transport transport, EventLoopGroup group, BenchTls tls) {
        this.plan = plan;
        this.transport = transport;
        this.group = group;
        this.tls = tls;
        this.content = MessageContent.of(plan.size());
        this.authLine = plan.auth().map(BenchTls::authPlainLine).orElse(null);
        this.latencies = new LatencyRecorder((int) Math.min(plan.messages(), 1 << 20));
        this.workersDone = new CountDownLatch(plan.connections());
    }

    BenchPlan plan() {
        return plan;
    }

    /** Runs to the end (all messages done, or the deadline) and returns what happened. */
    BenchResult run() throws InterruptedException {
        return run(java.util.List.of());
    }

    /** As {@link #run()}, also measuring the CPU that {@code serverPids} spend meanwhile. */
    BenchResult run(java.util.List<Long> serverPids) throws InterruptedException {
        long serverBefore = ProcessCpu.nanos(serverPids);
        long jitBefore = ProcessCpu.jitNanos(serverPids);
        long cpuBefore = processCpuNanos();
        long started = System.nanoTime();
        var deadline = group.next().schedule(this::stop, plan.duration().toNanos(), TimeUnit.NANOSECONDS);
        for (int i = 0; i < plan.connections(); i++) {
            EventLoop loop = group.next();
            if (claim()) {
                loop.execute(() -> startSession(loop));
            } else {
                workersDone.countDown();
            }
        }
        // every session ends by itself within the deadline plus one reply timeout; wait a little longer
        long bound = plan.duration().plus(plan.replyTimeout()).plusSeconds(5).toMillis();
        boolean finished = workersDone.await(bound, TimeUnit.MILLISECONDS);
        long elapsed = System.nanoTime() - started;
        deadline.cancel(false);
        long cpu = processCpuNanos() - cpuBefore;
        long serverAfter = ProcessCpu.nanos(serverPids);
        long jitAfter = ProcessCpu.jitNanos(serverPids);
        content.release();
        return new BenchResult(plan, latencies.sorted(), failures.snapshot(), sessions.get(), elapsed, cpu,
                serverBefore < 0 || serverAfter < 0 ? -1 : serverAfter - serverBefore,
                jitBefore < 0 || jitAfter < 0 ? -1 : Math.max(0, jitAfter - jitBefore), stopping || !finished);
    }

    /** Takes one more message to send, if any is left and time is not up. */
    boolean claim() {
        if (stopping) {
            return false;
        }
        if (claimed.incrementAndGet() <= plan.messages()) {
            return true;
        }
        claimed.decrementAndGet();
        return false;
    }

    ByteBuf content() {
        return content.retainedDuplicate();
    }

    ByteBuf authLine() {
        return authLine == null ? null : authLine.duplicate();
    }

    SslHandler newTlsHandler(ByteBufAllocator alloc) {
        return tls.newHandler(alloc);
    }

    void messageSent(long nanos) {
        latencies.add(nanos);
    }

    void messageFailed(Failure failure) {
        failures.add(failure);
    }

    /** A session is over (for whatever reason): its worker opens the next one, or is done. */
    void sessionEnded(EventLoop loop, long connectStarted) {
        if (claim()) {
            loop.execute(() -> startSession(loop));
        } else {
            workersDone.countDown();
        }
    }

    /** Opens a session for a message already claimed. */
    private void startSession(EventLoop loop) {
        long connectStarted = System.nanoTime();
        sessions.incrementAndGet();
        SmtpClientSession session = new SmtpClientSession(this, connectStarted);
        ChannelFuture connected = new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(plan.replyTimeout().toMillis(), 60_000))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (plan.mode() == BenchPlan.Mode.IMPLICIT) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new SmtpReplyDecoder(4096, 200, 65536));
                        ch.pipeline().addLast(session);
                    }
                })
                .connect(plan.target().host(), plan.target().port());
        open.add(session);
        connected.channel().closeFuture().addListener(f -> open.remove(session));
        connected.addListener(f -> {
            if (!f.isSuccess()) {
                messageFailed(stopping ? Failure.DEADLINE : Failure.CONNECT);
                sessionEnded(loop, connectStarted);
            }
        });
    }

    /** The deadline: no new message is claimed, and the sessions still open are stopped. */
    private void stop() {
        stopping = true;
        for (SmtpClientSession session : open) {
            session.stopSoon();
        }
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
