package org.smtpguard.proxy.net;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/** BoringSSL (netty-tcnative) when its native library loads, else the JDK's TLS. */
public final class TlsProviders {

    /** TLS 1.2 is the minimum on both legs. */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsProviders() {
    }

    public static SslProvider best() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }
}
