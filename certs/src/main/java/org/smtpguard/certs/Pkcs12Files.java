package org.smtpguard.certs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Reads PKCS#12 keystores ({@code .p12}, {@code .pfx}) as {@code openssl pkcs12 -export} and
 * {@code keytool} write them, with the JDK's own PKCS12 implementation. Every problem is a
 * {@link CertificateFileException} with one line.
 */
public final class Pkcs12Files {

    private Pkcs12Files() {
    }

    /** True if the file does not start like a PEM file but like DER (a SEQUENCE): a PKCS#12 candidate. */
    public static boolean isPkcs12(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            int first = in.read();
            return first == 0x30;
        } catch (IOException e) {
            return false; // the PEM reader reports the unreadable file
        }
    }

    /** The one private key entry and its chain; without a password, the empty password is tried. */
    public static KeyMaterial read(Path file, Optional<KeyPassword> password) {
        KeyStore store = load(file, password);
        try {
            List<String> keyAliases = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keyAliases.add(alias);
                }
            }
            if (keyAliases.isEmpty()) {
                throw new CertificateFileException(file, "no private key in the PKCS#12 file");
            }
            if (keyAliases.size() > 1) {
                throw new CertificateFileException(file, keyAliases.size()
                        + " private keys in the PKCS#12 file (expected exactly one)");
            }
            String alias = keyAliases.get(0);
            Key key = store.getKey(alias, chars(password));
            if (!(key instanceof PrivateKey privateKey)) {
                throw new CertificateFileException(file, "the PKCS#12 key entry holds no private key");
            }
            Certificate[] chain = store.getCertificateChain(alias);
            if (chain == null || chain.length == 0) {
                throw new CertificateFileException(file, "the PKCS#12 key has no certificate");
            }
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate c : chain) {
                certificates.add((X509Certificate) c);
            }
            return new KeyMaterial(privateKey, certificates);
        } catch (UnrecoverableKeyException e) {
            throw new CertificateFileException(file, wrongPassword(password), e);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new CertificateFileException(file, "unusable PKCS#12 file: " + OneLine.peerText(e.getMessage()), e);
        }
    }

    /** Every certificate in the file: each key entry's chain, then the trusted certificate entries. */
    public static List<X509Certificate> readCertificates(Path file, Optional<KeyPassword> password) {
        KeyStore store = load(file, password);
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                Certificate[] chain = store.isKeyEntry(alias) ? store.getCertificateChain(alias)
                        : new Certificate[] {store.getCertificate(alias)};
                for (Certificate c : chain == null ? new Certificate[0] : chain) {
                    if (c instanceof X509Certificate x509 && !certificates.contains(x509)) {
                        certificates.add(x509);
                    }
                }
            }
        } catch (GeneralSecurityException e) {
            throw new CertificateFileException(file, "unusable PKCS#12 file: " + OneLine.peerText(e.getMessage()), e);
        }
        if (certificates.isEmpty()) {
            throw new CertificateFileException(file, "no certificate in the PKCS#12 file");
        }
        return List.copyOf(certificates);
    }

    private static KeyStore load(Path file, Optional<KeyPassword> password) {
        if (!Files.isReadable(file)) {
            throw new CertificateFileException(file, Files.exists(file) ? "not readable" : "file does not exist");
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, chars(password));
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
                throw new CertificateFileException(file, wrongPassword(password), e);
            }
            throw new CertificateFileException(file, "not a PKCS#12 file: " + OneLine.peerText(e.getMessage()), e);
        } catch (GeneralSecurityException e) {
            throw new CertificateFileException(file, "unusable PKCS#12 file: " + OneLine.peerText(e.getMessage()), e);
        }
    }

    private static char[] chars(Optional<KeyPassword> password) {
        return password.map(KeyPassword::chars).orElse(new char[0]);
    }

    private static String wrongPassword(Optional<KeyPassword> password) {
        return password.map(p -> "cannot open the PKCS#12 file with the password from " + p.origin()
                + " (wrong password?)").orElse("the PKCS#12 file needs a password");
    }
}
