package org.smtpguard.proxy.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Supplier;

/** The default of {@code client.greeting_name}: this host's name, or {@code localhost} if it has no usable one. */
final class LocalHostName implements Supplier<String> {

    static final String FALLBACK = "localhost";

    @Override
    public String get() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name != null && HostNames.isSmtpName(name) ? name : FALLBACK;
        } catch (UnknownHostException | SecurityException e) {
            return FALLBACK;
        }
    }
}
