package org.smtpguard.proxy.upstream;

import org.smtpguard.proxy.config.HostPort;
import org.smtpguard.proxy.config.UpstreamTlsMode;

/** Where to connect and which name the certificate must carry (also sent as SNI). */
public record UpstreamTarget(HostPort address, UpstreamTlsMode tlsMode, String tlsName) {

    @Override
    public String toString() {
        return address + " (" + tlsMode.name().toLowerCase(java.util.Locale.ROOT) + ", name " + tlsName + ")";
    }
}
