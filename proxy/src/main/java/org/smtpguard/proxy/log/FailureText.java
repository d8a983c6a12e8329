package org.smtpguard.proxy.log;

import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;

/**
 * What went wrong on a connection, said without the exception's message. Messages can carry what
 * the peer sent: Netty's "not an SSL/TLS record" quotes the received bytes in hex, which for a client
 * that sends AUTH where TLS was due is its password. So a failure is described only by kind.
 */
public final class FailureText {

    private FailureText() {
    }

    /** A short, fixed description of the first cause smtpguard knows; else the class names of the chain. */
    public static String of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NotSslRecordException) {
                return "not a TLS record (plaintext where the TLS handshake was due)";
            }
            if (t instanceof SslHandshakeTimeoutException) {
                return "TLS handshake timed out";
            }
            if (t instanceof CertificateException) {
                return "certificate refused (" + t.getClass().getSimpleName() + ")";
            }
            if (t instanceof ClosedChannelException) {
                return "connection closed";
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return "TLS failure (" + classChain(failure) + ")";
            }
            if (t instanceof IOException) {
                return "I/O error (" + classChain(failure) + ")";
            }
        }
        return classChain(failure);
    }

    private static String classChain(Throwable failure) {
        StringBuilder sb = new StringBuilder();
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 4; t = t.getCause(), depth++) {
            if (sb.length() > 0) {
                sb.append(" < ");
            }
            sb.append(t.getClass().getSimpleName());
        }
        return sb.toString();
    }
}
