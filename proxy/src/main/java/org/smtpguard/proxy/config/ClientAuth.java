package org.smtpguard.proxy.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Client certificate authentication on the client leg (mutual TLS): the mode and the PEM file of
 * the CAs whose client certificates are accepted. A mode other than off needs the CA file.
 */
public record ClientAuth(ClientAuthMode mode, Optional<Path> ca) {

    public static final ClientAuth OFF = new ClientAuth(ClientAuthMode.OFF, Optional.empty());

    public ClientAuth {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(ca, "ca");
        if (mode != ClientAuthMode.OFF && ca.isEmpty()) {
            throw new IllegalArgumentException("client.tls.client_auth=" + mode.configName()
                    + " needs client.tls.client_ca, the CAs whose client certificates are accepted");
        }
        if (mode == ClientAuthMode.OFF && ca.isPresent()) {
            throw new IllegalArgumentException("client.tls.client_ca is not used while client.tls.client_auth=off:"
                    + " set it to optional or required");
        }
    }
}
