package org.smtpguard.proxy.peers;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;

/**
 * A real third-party upstream: SubEthaSMTP on 127.0.0.1 (ephemeral port) with STARTTLS required
 * before any mail command, AUTH PLAIN and LOGIN (offered only after TLS) for one fixed user, no
 * Received header of its own (so the message can be compared byte for byte). Every message it
 * accepts is recorded with what the session looked like at that moment.
 */
final class SubethaUpstream implements AutoCloseable {

    /** What the upstream received, and how. {@code content} is the message after dot-unstuffing. */
    record Received(String from, List<String> recipients, byte[] content, boolean tls, Optional<String> authUser) {
    }

    private final SMTPServer server;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    private SubethaUpstream(SSLContext tls, String user, String password) {
        server = SMTPServer.port(0)
                .bindAddress(InetAddress.getLoopbackAddress())
                .hostName(PeerPki.UPSTREAM_NAME)
                .enableTLS()
                .requireTLS()
                .startTlsSocketFactory(tls)
                .insertReceivedHeaders(false)
                .connectionTimeout(30, TimeUnit.SECONDS)
                .authenticationHandlerFactory(new EasyAuthenticationHandlerFactory((u, p, context) -> {
                    if (!user.equals(u) || !password.equals(p)) {
                        throw new LoginFailedException("wrong user name or password");
                    }
                }))
                .messageHandlerFactory(Recorder::new)
                .build();
    }

    static SubethaUpstream start(SSLContext tls, String user, String password) {
        SubethaUpstream upstream = new SubethaUpstream(tls, user, password);
        upstream.server.start();
        return upstream;
    }

    int port() {
        return server.getPortAllocated();
    }

    /** The next message the upstream accepted, waiting at most {@code timeout}. */
    Received nextMessage(Duration timeout) throws InterruptedException {
        Received message = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("the upstream received no message within " + timeout);
        }
        return message;
    }

    /** True if no message arrived (that was not already taken). */
    boolean receivedNothing() {
        return received.isEmpty();
    }

    @Override
    public void close() {
        server.stop();
    }

    private final class Recorder implements MessageHandler {

        private final MessageContext context;
        private String from;
        private final List<String> recipients = new ArrayList<>();

        Recorder(MessageContext context) {
            this.context = context;
        }

        @Override
        public void from(String address) {
            from = address;
        }

        @Override
        public void recipient(String address) {
            recipients.add(address);
        }

        @Override
        public String data(InputStream data) throws IOException {
            byte[] content = data.readAllBytes();
            Session session = (Session) context;
            Optional<String> authUser = session.isAuthenticated()
                    ? session.getAuthenticationHandler().map(handler -> String.valueOf(handler.getIdentity()))
                    : Optional.empty();
            boolean tls = session.isTLSStarted();
            received.add(new Received(from, List.copyOf(recipients), content, tls, authUser));
            return null;
        }

        @Override
        public void done() {
        }
    }
}
