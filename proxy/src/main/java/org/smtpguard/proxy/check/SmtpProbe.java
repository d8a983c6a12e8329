package org.smtpguard.proxy.check;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.smtpguard.proxy.log.LogText;
import org.smtpguard.proxy.net.TlsProviders;

/**
 * The dialogue of {@code smtpguard check} with one SMTP server, on a plain blocking socket (a
 * command-line probe, no event loop): greeting, EHLO, STARTTLS, the TLS handshake, EHLO again,
 * QUIT. It sends no mail. The handshake <em>records</em> the presented chain instead of judging it,
 * so that the check can show it and how every level would judge it; nothing but this probe uses
 * that recorder, and nothing is ever relayed over such a connection.
 */
final class SmtpProbe {

    /** What the server said and showed. {@code failure} is empty if the dialogue got through TLS. */
    record Result(List<String> greeting, List<String> ehlo, String startTls, String protocol, String cipher,
            List<X509Certificate> chain, String failure) {
    }

    private static final int MAX_LINE = 2048;
    private static final int MAX_LINES = 100;

    private SmtpProbe() {
    }

    static Result probe(InetSocketAddress address, String sniName, String heloName, Duration timeout) {
        List<String> greeting = List.of();
        List<String> ehlo = List.of();
        String startTls = "";
        try (Socket plain = new Socket()) {
            plain.connect(address, (int) timeout.toMillis());
            plain.setSoTimeout((int) timeout.toMillis());
            greeting = reply(plain.getInputStream());
            send(plain.getOutputStream(), "EHLO " + heloName);
            ehlo = reply(plain.getInputStream());
            if (ehlo.stream().skip(1).noneMatch(l -> l.substring(4).trim().equalsIgnoreCase("STARTTLS"))) {
                return new Result(greeting, ehlo, "not offered", "", "", List.of(), "STARTTLS not offered");
            }
            send(plain.getOutputStream(), "STARTTLS");
            List<String> answer = reply(plain.getInputStream());
            startTls = answer.get(0);
            if (!startTls.startsWith("220 ")) {
                return new Result(greeting, ehlo, startTls, "", "", List.of(), "STARTTLS refused");
            }
            List<X509Certificate> chain = new ArrayList<>();
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new ChainRecorder(chain)}, null);
            try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain,
                    address.getHostString(), address.getPort(), false)) {
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setProtocols(TlsProviders.PROTOCOLS);
                parameters.setServerNames(List.of(new SNIHostName(sniName)));
                tls.setSSLParameters(parameters);
                tls.startHandshake();
                SSLSession session = tls.getSession();
                send(tls.getOutputStream(), "EHLO " + heloName);
                List<String> ehloTls = reply(tls.getInputStream());
                send(tls.getOutputStream(), "QUIT");
                return new Result(greeting, ehloTls, startTls, session.getProtocol(), session.getCipherSuite(),
                        List.copyOf(chain), "");
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return new Result(greeting, ehlo, startTls, "", "", List.of(), LogText.oneLine(e));
        }
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One SMTP reply, bounded in line length and count; its lines as text. */
    private static List<String> reply(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        while (lines.size() < MAX_LINES) {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (line.length() < MAX_LINE && b != '\r') {
                    line.append((char) b);
                }
            }
            if (b == -1 && line.length() == 0) {
                throw new IOException("connection closed by the server");
            }
            String text = LogText.peer(line.toString());
            if (text.length() < 4 || !text.substring(0, 3).chars().allMatch(Character::isDigit)) {
                throw new IOException("not an SMTP reply: " + text);
            }
            lines.add(text);
            if (text.charAt(3) != '-') {
                return lines;
            }
        }
        throw new IOException("reply longer than " + MAX_LINES + " lines");
    }

    /** Records the server's chain; judging it is the check's business, after the handshake. */
    private static final class ChainRecorder implements X509TrustManager {
        private final List<X509Certificate> chain;

        ChainRecorder(List<X509Certificate> chain) {
            this.chain = chain;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] presented, String authType) {
            chain.clear();
            chain.addAll(List.of(presented));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] presented, String authType)
                throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("not a client certificate verifier");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
