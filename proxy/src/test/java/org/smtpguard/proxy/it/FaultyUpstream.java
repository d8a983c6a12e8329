package org.smtpguard.proxy.it;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.smtpguard.certs.IssuedCertificate;

/**
 * An in-test SMTP upstream that misbehaves in one chosen way ({@link Fault}, like OkHttp's
 * {@code SocketPolicy}) and otherwise behaves like a good STARTTLS server. Plain JDK blocking
 * sockets, one daemon thread per connection, an {@link SSLSocket} layered over the accepted socket
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
        CLOSE_DURING_DATA
    }

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
        /** The peer sent nothing for {@link #READ_TIMEOUT}. */
        READ_TIMEOUT,
        /** The TLS handshake or a TLS record failed (e.g. the peer rejected the certificate). */
        TLS_FAILED,
        /** The fault closed the connection on purpose. */
        CLOSED_BY_FAULT,
        /** A line longer than {@link #MAX_LINE}. */
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
    private final SSLContext tls;
    private final ServerSocket server;
    private final Thread acceptor;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<ReceivedLine> lines = new CopyOnWriteArrayList<>();
    private final List<ReceivedMessage> messages = new CopyOnWriteArrayList<>();
    private final List<Authentication> authentications = new CopyOnWriteArrayList<>();
    private final Map<Integer, Ending> endings = new ConcurrentHashMap<>();
    private volatile CountDownLatch endOfDataGate;
    private volatile boolean closed;

    private FaultyUpstream(Fault fault, SSLContext tls) throws IOException {
        this.fault = fault;
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
        FaultyUpstream upstream = new FaultyUpstream(fault, serverContext(certificate));
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

    Fault fault() {
        return fault;
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

    List<ReceivedMessage> messages() {
        return List.copyOf(messages);
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
            Thread thread = new Thread(() -> new Connection(id, socket).run(), "faulty-upstream-" + fault + "-" + id);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** One SMTP conversation. */
    private final class Connection {

        private final int id;
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private boolean secure;
        private String mailFrom;
        private final List<String> recipients = new ArrayList<>();

        Connection(int id, Socket socket) {
            this.id = id;
            this.socket = socket;
        }

        void run() {
            Ending ending;
            try {
                socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
                socket.setTcpNoDelay(true);
                in = socket.getInputStream();
                out = socket.getOutputStream();
                ending = fault == Fault.SILENT ? listenSilently() : converse();
            } catch (SocketTimeoutException e) {
                ending = Ending.READ_TIMEOUT;
            } catch (SSLException e) {
                ending = Ending.TLS_FAILED;
            } catch (LineTooLongException e) {
                ending = Ending.LINE_TOO_LONG;
            } catch (IOException e) {
                ending = closed ? Ending.UPSTREAM_STOPPED : Ending.PEER_RESET;
            } catch (InterruptedException e) {
                ending = Ending.UPSTREAM_STOPPED;
            } finally {
                closeQuietly(socket);
            }
            endings.put(id, ending);
        }

        private Ending listenSilently() throws IOException {
            while (true) {
                String line = readLine();
                if (line == null) {
                    return Ending.PEER_CLOSED;
                }
                record(line, false);
            }
        }

        private Ending converse() throws IOException, InterruptedException {
            reply(GREETING);
            while (true) {
                String line = readLine();
                if (line == null) {
                    return Ending.PEER_CLOSED;
                }
                record(line, false);
                String verb = verb(line);
                switch (verb) {
                    case "EHLO" -> ehlo();
                    case "HELO" -> reply("250 " + TestCertificates.UPSTREAM_NAME);
                    case "STARTTLS" -> {
                        Ending ending = startTls();
                        if (ending != null) {
                            return ending;
                        }
                    }
                    case "AUTH" -> auth(line);
                    case "MAIL" -> {
                        mailFrom = argument(line);
                        recipients.clear();
                        reply("250 2.1.0 Ok");
                    }
                    case "RCPT" -> {
                        if (mailFrom == null) {
                            reply("503 5.5.1 Error: need MAIL command");
                        } else {
                            recipients.add(argument(line));
                            reply("250 2.1.5 Ok");
                        }
                    }
                    case "DATA" -> {
                        if (recipients.isEmpty()) {
                            reply("503 5.5.1 Error: need RCPT command");
                        } else {
                            Ending ending = data();
                            if (ending != null) {
                                return ending;
                            }
                        }
                    }
                    case "RSET" -> {
                        mailFrom = null;
                        recipients.clear();
                        reply("250 2.0.0 Ok");
                    }
                    case "NOOP" -> reply("250 2.0.0 Ok");
                    // A real server answers these: it would leak addresses if a proxy forwarded them.
                    case "VRFY" -> reply("252 2.0.0 postmaster@" + TestCertificates.UPSTREAM_NAME);
                    case "EXPN" -> reply("250 2.1.5 staff@" + TestCertificates.UPSTREAM_NAME);
                    case "QUIT" -> {
                        reply("221 2.0.0 Bye");
                        return Ending.QUIT;
                    }
                    default -> reply("502 5.5.2 Error: command not recognized");
                }
            }
        }

        private void ehlo() throws IOException {
            List<String> lines = new ArrayList<>();
            lines.add(TestCertificates.UPSTREAM_NAME);
            lines.add("PIPELINING");
            lines.add("SIZE 10485760");
            lines.add("VRFY");
            if (!secure && fault != Fault.STARTTLS_NOT_ADVERTISED) {
                lines.add("STARTTLS");
            }
            if (secure) {
                lines.add("AUTH PLAIN LOGIN");
            }
            lines.add("ENHANCEDSTATUSCODES");
            lines.add("8BITMIME");
            StringBuilder reply = new StringBuilder();
            for (int i = 0; i < lines.size(); i++) {
                reply.append("250").append(i == lines.size() - 1 ? ' ' : '-').append(lines.get(i)).append("\r\n");
            }
            write(reply.toString());
        }

        /** Returns how the connection ends, or null to go on (in plaintext or TLS). */
        private Ending startTls() throws IOException {
            if (secure) {
                reply("503 5.5.1 Error: TLS already active");
                return null;
            }
            switch (fault) {
                case STARTTLS_NOT_ADVERTISED -> {
                    reply("502 5.5.1 Error: command not implemented");
                    return null;
                }
                case STARTTLS_454 -> {
                    reply("454 4.7.0 TLS not available due to local problem");
                    return null;
                }
                case STARTTLS_500 -> {
                    reply("500 5.5.1 Error: command not recognized");
                    return null;
                }
                case STARTTLS_200 -> {
                    reply("200 2.0.0 Fine, carry on without TLS");
                    return null;
                }
                case BYTES_AFTER_220 -> write("220 go\r\n250 injected\r\n"); // one write, then TLS as usual
                case DROP_AFTER_STARTTLS -> {
                    reply("220 2.0.0 Ready to start TLS");
                    return Ending.CLOSED_BY_FAULT;
                }
                default -> reply("220 2.0.0 Ready to start TLS");
            }
            SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, null, true);
            ssl.setSoTimeout((int) READ_TIMEOUT.toMillis());
            socket = ssl;
            sockets.add(ssl);
            ssl.startHandshake();
            in = ssl.getInputStream();
            out = ssl.getOutputStream();
            secure = true;
            // RFC 3207 §4.2: forget what was learnt before TLS.
            mailFrom = null;
            recipients.clear();
            return null;
        }

        private void auth(String line) throws IOException {
            String[] words = line.split(" ");
            String mechanism = words.length > 1 ? words[1].toUpperCase(Locale.ROOT) : "";
            String initial = words.length > 2 ? words[2] : null;
            switch (mechanism) {
                case "PLAIN" -> {
                    String response = initial != null ? initial : challenge("");
                    if (response == null) {
                        return;
                    }
                    String[] parts = decode(response).split("\0", -1);
                    if (parts.length != 3 || parts[1].isEmpty()) {
                        reply("535 5.7.8 Error: authentication failed: malformed PLAIN response");
                        return;
                    }
                    accept("PLAIN", parts[1], parts[2]);
                }
                case "LOGIN" -> {
                    String user = initial != null ? initial : challenge("VXNlcm5hbWU6"); // "Username:"
                    if (user == null) {
                        return;
                    }
                    String password = challenge("UGFzc3dvcmQ6"); // "Password:"
                    if (password == null) {
                        return;
                    }
                    accept("LOGIN", decode(user), decode(password));
                }
                default -> reply("504 5.5.4 Error: unsupported authentication mechanism");
            }
        }

        /** Sends a 334 and reads the response line; null (after answering 501) when it is "*" or missing. */
        private String challenge(String text) throws IOException {
            reply("334 " + text);
            String response = readLine();
            if (response == null) {
                throw new IOException("connection closed during AUTH");
            }
            record(response, false);
            if (response.equals("*")) {
                reply("501 5.7.0 Authentication aborted");
                return null;
            }
            return response;
        }

        private void accept(String mechanism, String user, String password) throws IOException {
            authentications.add(new Authentication(id, secure, mechanism, user, password));
            reply("235 2.7.0 Authentication successful");
        }

        private String decode(String base64) {
            try {
                return new String(Base64.getDecoder().decode(base64.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return "";
            }
        }

        /** Returns how the connection ends, or null to go on. */
        private Ending data() throws IOException, InterruptedException {
            reply("354 End data with <CR><LF>.<CR><LF>");
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            while (true) {
                String line = readLine();
                if (line == null) {
                    return Ending.PEER_CLOSED_IN_DATA;
                }
                if (line.equals(".")) {
                    break;
                }
                record(line, true);
                if (fault == Fault.CLOSE_DURING_DATA) {
                    return Ending.CLOSED_BY_FAULT; // some content arrived: drop the connection, no reply
                }
                String unstuffed = line.startsWith(".") ? line.substring(1) : line;
                content.writeBytes((unstuffed + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            messages.add(new ReceivedMessage(id, secure, mailFrom, List.copyOf(recipients), content.toByteArray()));
            mailFrom = null;
            recipients.clear();
            CountDownLatch gate = endOfDataGate;
            if (gate != null && !gate.await(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                return Ending.READ_TIMEOUT;
            }
            reply("250 " + QUEUED_AS + messages.size());
            return null;
        }

        private void record(String line, boolean content) {
            lines.add(new ReceivedLine(id, secure, content, line));
        }

        private void reply(String line) throws IOException {
            write(line + "\r\n");
        }

        private void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /**
         * One line without its line end (a bare LF also ends a line here: the upstream is lenient, so
         * that the proxy's strictness is what is tested); null at the end of the stream. Reads byte by
         * byte, so that nothing after a STARTTLS line is consumed before the TLS layer takes over.
         */
        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(128);
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
                }
                if (line.size() >= MAX_LINE) {
                    throw new LineTooLongException();
                }
                line.write(b);
            }
        }

        private static String verb(String line) {
            int end = 0;
            while (end < line.length() && Character.isLetter(line.charAt(end))) {
                end++;
            }
            return line.substring(0, end).toUpperCase(Locale.ROOT);
        }

        private static String argument(String line) {
            int colon = line.indexOf(':');
            return colon < 0 ? "" : line.substring(colon + 1).trim();
        }
    }

    private static final class LineTooLongException extends IOException {
        LineTooLongException() {
            super("line longer than " + MAX_LINE + " bytes");
        }
    }
}
