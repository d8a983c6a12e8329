package org.smtpguard.proxy.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.smtpguard.certs.IssuedCertificate;

/**
 * An in-test SMTP upstream that misbehaves in one chosen way ({@link Fault}, like OkHttp's
 * {@code SocketPolicy}) and otherwise behaves like a good STARTTLS server. Plain JDK blocking
 * sockets, one daemon thread per connection, an {@code SSLSocket} layered over the accepted socket
 * after STARTTLS, every read with a deadline.
 *
 * <p>It records every line it receives (commands, AUTH continuation lines and message content) with
 * whether TLS was active at that moment, every message it accepted, every AUTH it accepted, and how
 * each connection ended. Where the fault leaves the connection in plaintext (STARTTLS answered 454,
 * 500 or 200, or not advertised) it still accepts AUTH, MAIL, RCPT and DATA in plaintext, so that a
 * proxy that fell back to plaintext <em>would</em> deliver: a test then proves nothing arrived.
 */
final class FaultyUpstream implements AutoCloseable {

    /** How the upstream misbehaves; {@link #NONE} is the good server. */
    enum Fault {
        /** A good STARTTLS server with a certificate for {@value TestCertificates#UPSTREAM_NAME} from the test CA. */
        NONE,
        /** EHLO does not list STARTTLS; the session stays plaintext (and would accept mail). */
        STARTTLS_NOT_ADVERTISED,
        /** STARTTLS answered {@code 454 4.7.0}; stays plaintext. */
        STARTTLS_454,
        /** STARTTLS answered {@code 500 5.5.1}; stays plaintext. */
        STARTTLS_500,
        /** STARTTLS answered {@code 200}: not a 220, and the session stays plaintext. */
        STARTTLS_200,
        /** STARTTLS answered {@code "220 go\r\n250 injected\r\n"} in one write (response injection), then TLS. */
        BYTES_AFTER_220,
        /** A self-signed certificate for the right name: unknown issuer. */
        SELF_SIGNED_CERT,
        /** A certificate from the test CA for the right name, expired yesterday. */
        EXPIRED_CERT,
        /** A certificate from the test CA for {@code wrong.test}. */
        WRONG_NAME_CERT,
        /** STARTTLS answered 220, then the connection is closed (during the TLS handshake). */
        DROP_AFTER_STARTTLS,
        /** Accepts the connection and reads, but never greets nor answers anything. */
        SILENT,
        /** After 354, closes the connection once some message content has arrived, without a reply. */
        CLOSE_DURING_DATA,
        /** After 354, resets the connection (TCP RST) once some message content has arrived. */
        RESET_DURING_DATA,
        /** Stops answering at MAIL (a stalled upstream): reads on, never replies, until the peer goes. */
        STALL_AT_MAIL,
        /** Receives the whole message, then never answers its end of data (no 250, so no message). */
        STALL_AFTER_DATA,
        /** Writes every reply, the greeting included, {@link FaultyUpstream#SLOW_REPLY} late. */
        SLOW_REPLIES,
        /** Answers STARTTLS 220 and then never takes part in the TLS handshake. */
        STALL_TLS_HANDSHAKE,
        /** Answers MAIL with a 250 of 500 lines (over smtpguard's bound on reply lines). */
        HUGE_REPLY_TO_MAIL
    }

    /** How slow {@link Fault#SLOW_REPLIES} is: far below smtpguard's reply deadlines in the tests. */
    static final Duration SLOW_REPLY = Duration.ofMillis(150);

    /** How a connection ended. */
    enum Ending {
        /** The peer sent QUIT and got 221. */
        QUIT,
        /** End of stream between commands. */
        PEER_CLOSED,
        /** End of stream in the middle of message content (no final "."). */
        PEER_CLOSED_IN_DATA,
        /** A read or write failed (reset, broken pipe). */
        PEER_RESET,
        /** The peer sent nothing for {@link FaultyUpstream#READ_TIMEOUT}. */
        READ_TIMEOUT,
        /** The TLS handshake or a TLS record failed (e.g. the peer rejected the certificate). */
        TLS_FAILED,
        /** The fault closed the connection on purpose. */
        CLOSED_BY_FAULT,
        /** A line longer than {@link FaultyUpstream#MAX_LINE}. */
        LINE_TOO_LONG,
        /** {@link #close()} was called while the connection was open. */
        UPSTREAM_STOPPED
    }

    /** One line as received, without its line end. {@code content}: a line of message content. */
    record ReceivedLine(int connection, boolean tls, boolean content, String text) {

        /** Whether this is a command line starting with {@code verb} (case-insensitive). */
        boolean isCommand(String verb) {
            return !content && text.regionMatches(true, 0, verb, 0, verb.length())
                    && (text.length() == verb.length() || text.charAt(verb.length()) == ' '
                    || text.charAt(verb.length()) == ':');
        }
    }

    /** A message accepted with 250: envelope and content (dot-unstuffed, CRLF line ends, without the final "."). */
    record ReceivedMessage(int connection, boolean tls, String mailFrom, List<String> recipients, byte[] content) {

        String text() {
            return new String(content, StandardCharsets.ISO_8859_1);
        }
    }

    /** An AUTH the upstream accepted with 235: what it decoded from the client's responses. */
    record Authentication(int connection, boolean tls, String mechanism, String user, String password) {
    }

    /** Longest line it reads, bytes with the line end. */
    static final int MAX_LINE = 16 * 1024;
    /** Every read has this deadline: a test never hangs on the upstream. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    static final String GREETING = "220 " + TestCertificates.UPSTREAM_NAME + " ESMTP FaultyUpstream";
    static final String QUEUED_AS = "2.0.0 Ok: queued as FU";

    private final Fault fault;
    private final java.util.function.IntFunction<Fault> faultOfConnection;
    private final SSLContext tls;
    private final ServerSocket server;
    private final Thread acceptor;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<ReceivedLine> lines = new CopyOnWriteArrayList<>();
    private final List<ReceivedMessage> messages = new CopyOnWriteArrayList<>();
    private final List<ReceivedMessage> acceptedMessages = new CopyOnWriteArrayList<>();
    private final List<Authentication> authentications = new CopyOnWriteArrayList<>();
    private final Map<Integer, Ending> endings = new ConcurrentHashMap<>();
    private volatile CountDownLatch endOfDataGate;
    private volatile String xclientOffer;
    private volatile boolean xclientRefused;
    private volatile boolean closed;

    private FaultyUpstream(Fault fault, java.util.function.IntFunction<Fault> faultOfConnection, SSLContext tls)
            throws IOException {
        this.fault = fault;
        this.faultOfConnection = faultOfConnection;
        this.tls = tls;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        this.acceptor = new Thread(this::acceptLoop, "faulty-upstream-" + fault + "-accept");
        acceptor.setDaemon(true);
    }

    /** Listens on 127.0.0.1, an ephemeral port, with the certificate the fault calls for. */
    static FaultyUpstream start(Fault fault, TestCertificates certificates) throws IOException {
        IssuedCertificate certificate = switch (fault) {
            case SELF_SIGNED_CERT -> certificates.selfSigned;
            case EXPIRED_CERT -> certificates.expired;
            case WRONG_NAME_CERT -> certificates.wrongName;
            default -> certificates.good;
        };
        FaultyUpstream upstream = new FaultyUpstream(fault, id -> fault, serverContext(certificate));
        upstream.acceptor.start();
        return upstream;
    }

    /**
     * Listens with the good certificate; each connection (numbered from 1) misbehaves as
     * {@code faultOfConnection} says, e.g. drawn from a seeded random mix for a load test.
     */
    static FaultyUpstream startMixed(java.util.function.IntFunction<Fault> faultOfConnection,
            TestCertificates certificates) throws IOException {
        FaultyUpstream upstream = new FaultyUpstream(Fault.NONE, faultOfConnection, serverContext(certificates.good));
        upstream.acceptor.start();
        return upstream;
    }

    /** A good server ({@link Fault#NONE}) that presents {@code certificate} and its chain. */
    static FaultyUpstream presenting(IssuedCertificate certificate) throws IOException {
        FaultyUpstream upstream = new FaultyUpstream(Fault.NONE, id -> Fault.NONE, serverContext(certificate));
        upstream.acceptor.start();
        return upstream;
    }

    private static SSLContext serverContext(IssuedCertificate certificate) {
        try {
            char[] password = "in-memory".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("upstream", certificate.privateKey(), password,
                    certificate.chain().toArray(new X509Certificate[0]));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(factory.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make the upstream's TLS context", e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** The fault of a single-fault upstream ({@link Fault#NONE} for a mixed one). */
    Fault fault() {
        return fault;
    }

    /** The fault of connection {@code id} (numbered from 1). */
    Fault faultOf(int id) {
        return faultOfConnection.apply(id);
    }

    /** Every line received so far, commands and message content, in order per connection. */
    List<ReceivedLine> lines() {
        return List.copyOf(lines);
    }

    /** Command lines (and AUTH continuation lines) only. */
    List<ReceivedLine> commands() {
        return lines.stream().filter(l -> !l.content()).toList();
    }

    /** Every line (command or content) received while TLS was not active. */
    List<ReceivedLine> plaintextLines() {
        return lines.stream().filter(l -> !l.tls()).toList();
    }

    /** Messages received whole: recorded just before their 250 is written (see {@link #accepted()}). */
    List<ReceivedMessage> messages() {
        return List.copyOf(messages);
    }

    /** Messages whose 250 was written to the peer: what the upstream took responsibility for. */
    List<ReceivedMessage> accepted() {
        return List.copyOf(acceptedMessages);
    }

    List<Authentication> authentications() {
        return List.copyOf(authentications);
    }

    int connectionsAccepted() {
        return accepted.get();
    }

    /** How each connection (numbered from 1) ended, for those that did. */
    Map<Integer, Ending> endings() {
        return Map.copyOf(endings);
    }

    /** Waits (bounded) until every accepted connection has ended; fails the test otherwise. */
    void awaitAllConnectionsEnded(Duration atMost) {
        await("all upstream connections ended").atMost(atMost).pollInterval(Duration.ofMillis(20))
                .until(() -> endings.size() == accepted.get());
    }

    /** From now on, EHLO over TLS offers {@code XCLIENT attributes} (as Postfix does to authorized hosts). */
    void offerXclient(String attributes) {
        xclientOffer = attributes;
    }

    /** From now on, XCLIENT is answered {@code 550 5.7.0} (not authorized) and changes nothing. */
    void refuseXclient() {
        xclientRefused = true;
    }

    /** The XCLIENT attributes offered over TLS, or null. */
    String xclientOffer() {
        return xclientOffer;
    }

    boolean xclientRefused() {
        return xclientRefused;
    }

    /** From now on, the 250 after the end of a message waits for {@link #releaseEndOfDataReplies()}. */
    void holdEndOfDataReplies() {
        endOfDataGate = new CountDownLatch(1);
    }

    void releaseEndOfDataReplies() {
        CountDownLatch gate = endOfDataGate;
        if (gate != null) {
            gate.countDown();
        }
    }

    @Override
    public void close() {
        closed = true;
        releaseEndOfDataReplies();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        try {
            acceptor.join(2000);
            for (Thread thread : threads) {
                thread.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            int id = accepted.incrementAndGet();
            sockets.add(socket);
            Thread thread = new Thread(() -> new FaultyUpstreamSession(this, id, socket).run(),
                    "faulty-upstream-" + faultOf(id) + "-" + id);
            thread.setDaemon(true);
            threads.removeIf(t -> !t.isAlive()); // bounded under load
            sockets.removeIf(Socket::isClosed);
            threads.add(thread);
            thread.start();
        }
    }

    // ---- what a FaultyUpstreamSession reports and asks ----

    SSLContext tlsContext() {
        return tls;
    }

    boolean isClosed() {
        return closed;
    }

    void registerSocket(Socket socket) {
        sockets.add(socket);
    }

    void record(ReceivedLine line) {
        lines.add(line);
    }

    /** Records an accepted message; returns how many the upstream has accepted so far (its queue id). */
    int record(ReceivedMessage message) {
        messages.add(message);
        return messages.size();
    }

    /**
     * Forgets the lines, messages and AUTHs recorded so far (not how connections ended), so that a
     * long run's records do not grow the test JVM's heap.
     */
    void clearRecords() {
        lines.clear();
        messages.clear();
        acceptedMessages.clear();
        authentications.clear();
    }

    /** The 250 for {@code message} was written. */
    void acceptedMessage(ReceivedMessage message) {
        acceptedMessages.add(message);
    }

    void record(Authentication authentication) {
        authentications.add(authentication);
    }

    void ended(int connection, Ending ending) {
        endings.put(connection, ending);
    }

    /** The gate the 250 after a message waits for, or null when replies are not held. */
    CountDownLatch endOfDataGate() {
        return endOfDataGate;
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
