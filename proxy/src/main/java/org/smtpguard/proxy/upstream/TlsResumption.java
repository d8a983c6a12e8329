package org.smtpguard.proxy.upstream;

import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.internal.tcnative.SSL;
import javax.net.ssl.SSLEngine;

/** Whether a finished handshake resumed an earlier session (BoringSSL only; the JDK's engine does not say). */
final class TlsResumption {

    private TlsResumption() {
    }

    static boolean wasResumed(SSLEngine engine) {
        if (engine instanceof ReferenceCountedOpenSslEngine openSsl) {
            synchronized (openSsl) {
                long ssl = openSsl.sslPointer();
                return ssl != 0 && SSL.isSessionReused(ssl);
            }
        }
        return false;
    }
}
