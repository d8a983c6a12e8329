package org.smtpguard.proxy.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.smtpguard.certs.KeyMaterial;
import org.smtpguard.certs.KeyPassword;

/**
 * A certificate chain and private key smtpguard presents to clients: PEM files, one PEM file with
 * both ({@code key} equal to {@code cert}), or a PKCS#12 file ({@code key} equal to {@code cert}),
 * and the password of an encrypted key or of the PKCS#12 file.
 */
public record ClientTlsFiles(Path cert, Path key, Optional<KeyPassword> password) {

    public ClientTlsFiles {
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(password, "password");
    }

    /** Unencrypted PEM files. */
    public ClientTlsFiles(Path cert, Path key) {
        this(cert, key, Optional.empty());
    }

    /**
     * Reads the files now (again, for a reload): the key, the chain, and that they belong together.
     *
     * @throws org.smtpguard.certs.CertificateFileException with one line naming the file
     */
    public KeyMaterial load() {
        return KeyMaterial.load(cert, Optional.of(key), password);
    }
}
