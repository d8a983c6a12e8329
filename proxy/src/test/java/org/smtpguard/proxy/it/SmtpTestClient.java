package org.smtpguard.proxy.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A raw SMTP client for tests, over a plain {@link Socket} with deadlines: it sends exactly the bytes
 * it is told to (so it can misbehave), reads replies strictly, and can start TLS over the same socket.
 * It reads byte by byte, so that nothing after a 220 to STARTTLS is consumed before TLS starts.
 */
final class SmtpTestClient implements AutoCloseable {

    /** Deadline of each read unless a test asks for another. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(8);
    private static final int MAX_REPLY_LINE = 4096;
    private static final int MAX_REPLY_LINES = 100;
    private static final Pattern REPLY_LINE = Pattern.compile("([2-5][0-9][0-9])([ -])(.*)");
    private static final Pattern ENHANCED = Pattern.compile("([245]\\.[0-9]{1,3}\\.[0-9]{1,3})(?: .*)?");

    /** One reply: its code and the text of each line (after {@code "NNN-"} / {@code "NNN "}). */
    record Reply(int code, List<String> lines) {

        /** The enhanced status code at the start of the first line (RFC 3463), if any. */
        Optional<String> enhancedStatus() {
            Matcher m = ENHANCED.matcher(lines.get(0));
            return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
        }

        String text() {
            return String.join("\n", lines);
        }

        /** The EHLO keywords (every line but the first), upper-case first word. */
        List<String> ehloKeywords() {
            return lines.subList(1, lines.size()).stream()
                    .map(l -> l.split(" ")[0].toUpperCase(java.util.Locale.ROOT)).toList();
        }

        @Override
        public String toString() {
            return code + " " + String.join(" | ", lines);
        }
    }

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    /** A byte read by {@link #nothingArrivesWithin} that the next read must return first. */
    private int pushedBack = -1;

    private SmtpTestClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static SmtpTestClient connect(InetSocketAddress address) throws IOException {
        return connectFrom(null, address);
    }

    /** Connects from {@code local} (e.g. 127.0.0.2: another client address on the loopback), or any if null. */
    static SmtpTestClient connectFrom(java.net.InetAddress local, InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        try {
            if (local != null) {
                socket.bind(new InetSocketAddress(local, 0));
            }
            socket.setTcpNoDelay(true);
            socket.connect(address, 5000);
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            return new SmtpTestClient(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends {@code line} and CRLF in one write. */
    void send(String line) throws IOException {
        sendRaw((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends exactly these bytes in one write. */
    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void sendRaw(String text) throws IOException {
        sendRaw(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends a command and reads its reply. */
    Reply command(String line) throws IOException {
        send(line);
        return readReply();
    }

    /** Sends each line, ignoring a failure to write (the proxy may have closed): a client that goes on anyway. */
    void sendIgnoringFailures(String... lines) {
        for (String line : lines) {
            try {
                send(line);
            } catch (IOException ignored) {
                return;
            }
        }
    }

    /** Reads one reply (possibly multi-line); fails if the connection ends or the reply is malformed. */
    Reply readReply() throws IOException {
        List<String> lines = new ArrayList<>();
        int code = -1;
        while (lines.size() < MAX_REPLY_LINES) {
            String line = readLine();
            if (line == null) {
                throw new IOException("connection closed" + (lines.isEmpty() ? "" : " in a reply: " + lines));
            }
            Matcher m = REPLY_LINE.matcher(line);
            if (!m.matches()) {
                throw new IOException("not a reply line: \"" + line + "\"");
            }
            int lineCode = Integer.parseInt(m.group(1));
            if (code >= 0 && lineCode != code) {
                throw new IOException("reply code changed within a reply: " + code + " then " + lineCode);
            }
            code = lineCode;
            lines.add(m.group(3));
            if (m.group(2).equals(" ")) {
                return new Reply(code, List.copyOf(lines));
            }
        }
        throw new IOException("reply with more than " + MAX_REPLY_LINES + " lines");
    }

    /** Whether no byte at all arrives within {@code window} (the connection stays usable). */
    boolean nothingArrivesWithin(Duration window) throws IOException {
        socket.setSoTimeout((int) window.toMillis());
        try {
            int b = in.read();
            if (b >= 0) {
                pushedBack = b;
            }
            return false;
        } catch (SocketTimeoutException expected) {
            return true;
        } finally {
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        }
    }

    /**
     * Reads until the peer closes the connection (end of stream, or a reset) and returns what arrived
     * meanwhile; fails with {@link SocketTimeoutException} if it stays open for {@link #READ_TIMEOUT}.
     */
    String readUntilClosed() throws IOException {
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        if (pushedBack >= 0) {
            rest.write(pushedBack);
            pushedBack = -1;
        }
        byte[] buffer = new byte[4096];
        while (rest.size() < 1 << 20) {
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException reset) {
                break; // "Connection reset" or a TLS alert: closed too
            }
            if (n < 0) {
                break;
            }
            rest.write(buffer, 0, n);
        }
        return rest.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * Starts TLS over this connection (after the proxy's 220 to STARTTLS), trusting whatever
     * certificate smtpguard shows: see {@link InsecureTrustAllForTestClientOnly}.
     */
    void startTls() throws IOException {
        startTls(null, null);
    }

    /**
     * Starts TLS as {@link #startTls()}, sending {@code sniName} as SNI (none if null) and showing
     * the certificate of {@code clientKeys} if the server asks for one; returns the server's certificate.
     */
    X509Certificate startTls(String sniName, javax.net.ssl.KeyManager[] clientKeys) throws IOException {
        if (pushedBack >= 0) {
            throw new IOException("bytes before the TLS handshake");
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(clientKeys, new TrustManager[] {new InsecureTrustAllForTestClientOnly()}, null);
            SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket,
                    socket.getInetAddress().getHostAddress(), socket.getPort(), true);
            ssl.setUseClientMode(true);
            if (sniName != null) {
                javax.net.ssl.SSLParameters parameters = ssl.getSSLParameters();
                parameters.setServerNames(java.util.List.of(new javax.net.ssl.SNIHostName(sniName)));
                ssl.setSSLParameters(parameters);
            }
            ssl.setSoTimeout((int) READ_TIMEOUT.toMillis());
            ssl.startHandshake();
            socket = ssl;
            in = ssl.getInputStream();
            out = ssl.getOutputStream();
            return (X509Certificate) ssl.getSession().getPeerCertificates()[0];
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot make the test client's TLS context", e);
        }
    }

    /** The certificate smtpguard showed in the TLS handshake. */
    X509Certificate peerCertificate() throws IOException {
        if (!(socket instanceof SSLSocket ssl)) {
            throw new IOException("no TLS on this connection");
        }
        return (X509Certificate) ssl.getSession().getPeerCertificates()[0];
    }

    boolean isTls() {
        return socket instanceof SSLSocket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Closes at once, so that the peer sees a reset rather than an orderly end. */
    void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (line.size() <= MAX_REPLY_LINE) {
            int b;
            if (pushedBack >= 0) {
                b = pushedBack;
                pushedBack = -1;
            } else {
                b = in.read();
            }
            if (b < 0) {
                return null;
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                if (bytes.length == 0 || bytes[bytes.length - 1] != '\r') {
                    throw new IOException("reply line without CRLF: \"" + line.toString(StandardCharsets.UTF_8) + "\"");
                }
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        throw new IOException("reply line longer than " + MAX_REPLY_LINE + " bytes");
    }

    /**
     * Trusts every certificate without looking at it. ONLY for this test client talking to the proxy
     * under test, whose client-side certificate is generated and self-signed at start; never anywhere
     * near the upstream leg, whose verification is exactly what these tests check.
     */
    static final class InsecureTrustAllForTestClientOnly implements X509TrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // test client only
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // test client only: trusts smtpguard's self-signed client-side certificate
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
