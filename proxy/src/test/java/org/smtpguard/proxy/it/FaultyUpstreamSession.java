package org.smtpguard.proxy.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.smtpguard.proxy.it.FaultyUpstream.Authentication;
import org.smtpguard.proxy.it.FaultyUpstream.Ending;
import org.smtpguard.proxy.it.FaultyUpstream.Fault;
import org.smtpguard.proxy.it.FaultyUpstream.ReceivedLine;
import org.smtpguard.proxy.it.FaultyUpstream.ReceivedMessage;

/**
 * One SMTP conversation of a {@link FaultyUpstream}, on its own thread: a good server except where
 * the upstream's {@link Fault} says otherwise. Everything it receives is reported to the upstream.
 */
final class FaultyUpstreamSession {

    private final FaultyUpstream upstream;
    private final Fault fault;
    private final int id;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private boolean secure;
    private String mailFrom;
    private final List<String> recipients = new ArrayList<>();

    FaultyUpstreamSession(FaultyUpstream upstream, int id, Socket socket) {
        this.upstream = upstream;
        this.fault = upstream.faultOf(id);
        this.id = id;
        this.socket = socket;
    }

    void run() {
        Ending ending;
        try {
            socket.setSoTimeout((int) FaultyUpstream.READ_TIMEOUT.toMillis());
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
            ending = upstream.isClosed() ? Ending.UPSTREAM_STOPPED : Ending.PEER_RESET;
        } catch (InterruptedException e) {
            ending = Ending.UPSTREAM_STOPPED;
        } finally {
            FaultyUpstream.closeQuietly(socket);
        }
        upstream.ended(id, ending);
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
        reply(FaultyUpstream.GREETING);
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
                    if (fault == Fault.STALL_AT_MAIL) {
                        return listenSilently();
                    }
                    if (fault == Fault.HUGE_REPLY_TO_MAIL) {
                        write("250-2.1.0 Ok\r\n".repeat(499) + "250 2.1.0 Ok\r\n");
                        continue;
                    }
                    mailFrom = argument(line);
                    recipients.clear();
                    reply("250 2.1.0 Ok");
                }
                case "RCPT" -> {
                    if (mailFrom == null) {
                        reply("503 5.5.1 Error: need MAIL command");
                    } else if (argument(line).toLowerCase(java.util.Locale.ROOT).contains("<unknown")) {
                        reply("550 5.1.1 " + argument(line) + ": Recipient address rejected: User unknown");
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
                case "XCLIENT" -> xclient();
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

    /** Like Postfix: refused unless offered (and authorized); accepted, it starts over with a new greeting. */
    private void xclient() throws IOException {
        if (!secure || upstream.xclientOffer() == null) {
            reply("502 5.5.2 Error: command not recognized");
        } else if (upstream.xclientRefused()) {
            reply("550 5.7.0 Error: insufficient authorization");
        } else {
            mailFrom = null;
            recipients.clear();
            reply(FaultyUpstream.GREETING);
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
            if (upstream.xclientOffer() != null) {
                lines.add("XCLIENT " + upstream.xclientOffer());
            }
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
            case STALL_TLS_HANDSHAKE -> {
                reply("220 2.0.0 Ready to start TLS");
                return drainUntilClosed(); // the ClientHello is read and never answered
            }
            default -> reply("220 2.0.0 Ready to start TLS");
        }
        SSLSocket ssl = (SSLSocket) upstream.tlsContext().getSocketFactory().createSocket(socket, null, true);
        ssl.setSoTimeout((int) FaultyUpstream.READ_TIMEOUT.toMillis());
        socket = ssl;
        upstream.registerSocket(ssl);
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
        upstream.record(new Authentication(id, secure, mechanism, user, password));
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
            if (fault == Fault.RESET_DURING_DATA) {
                socket.setSoLinger(true, 0); // close() now sends RST
                return Ending.CLOSED_BY_FAULT;
            }
            String unstuffed = line.startsWith(".") ? line.substring(1) : line;
            content.writeBytes((unstuffed + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        if (fault == Fault.STALL_AFTER_DATA) {
            return listenSilently(); // the whole message arrived; it is never accepted
        }
        ReceivedMessage message = new ReceivedMessage(id, secure, mailFrom, List.copyOf(recipients),
                content.toByteArray());
        int queueId = upstream.record(message);
        mailFrom = null;
        recipients.clear();
        CountDownLatch gate = upstream.endOfDataGate();
        if (gate != null && !gate.await(FaultyUpstream.READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            return Ending.READ_TIMEOUT;
        }
        reply("250 " + FaultyUpstream.QUEUED_AS + queueId);
        upstream.acceptedMessage(message);
        return null;
    }

    private void record(String line, boolean content) {
        upstream.record(new ReceivedLine(id, secure, content, line));
    }

    private void reply(String line) throws IOException {
        if (fault == Fault.SLOW_REPLIES) {
            try {
                Thread.sleep(FaultyUpstream.SLOW_REPLY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        write(line + "\r\n");
    }

    /** Reads and drops raw bytes until the peer closes (or the read deadline passes). */
    private Ending drainUntilClosed() throws IOException {
        byte[] buffer = new byte[4096];
        while (in.read(buffer) >= 0) {
            // never answered
        }
        return Ending.PEER_CLOSED;
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
            if (line.size() >= FaultyUpstream.MAX_LINE) {
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

    private static final class LineTooLongException extends IOException {
        LineTooLongException() {
            super("line longer than " + FaultyUpstream.MAX_LINE + " bytes");
        }
    }
}
