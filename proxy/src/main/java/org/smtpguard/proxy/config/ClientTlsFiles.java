package org.smtpguard.proxy.config;

import java.nio.file.Path;
import java.util.Objects;

/** The certificate chain and private key smtpguard presents to clients (PEM files). */
public record ClientTlsFiles(Path cert, Path key) {

    public ClientTlsFiles {
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(key, "key");
    }
}
