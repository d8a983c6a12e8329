package org.smtpguard.certs;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.X509TrustedCertificateBlock;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads and writes PEM files of certificates and private keys. Every problem with a file is a
 * {@link CertificateFileException} whose message is one line naming the file and the problem.
 * Keys are always written as unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}), the one form that
 * every TLS stack (Netty's included) reads for both RSA and EC.
 */
public final class PemFiles {

    private static final String NO_CERTIFICATE = "no certificate found (expected a PEM \"BEGIN CERTIFICATE\" block)";
    private static final String NO_KEY = "no private key found (expected a PEM \"BEGIN PRIVATE KEY\" block)";

    private PemFiles() {
    }

    /** All certificates in the file, in file order; at least one. */
    public static List<X509Certificate> readCertificates(Path file) {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        String text = readText(file);
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                if (block instanceof X509TrustedCertificateBlock trusted) {
                    block = trusted.getCertificateHolder();
                }
                if (block instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new CertificateFileException(file, "cannot parse PEM: " + reason(e), e);
        }
        if (certificates.isEmpty()) {
            throw new CertificateFileException(file, NO_CERTIFICATE);
        }
        return List.copyOf(certificates);
    }

    /**
     * The one private key in the file: unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1
     * ({@code BEGIN RSA PRIVATE KEY}) or SEC1 ({@code BEGIN EC PRIVATE KEY}). Certificates and EC
     * parameter blocks in the same file are skipped.
     */
    public static PrivateKey readPrivateKey(Path file) {
        return readPrivateKey(file, Optional.empty());
    }

    /**
     * Like {@link #readPrivateKey(Path)}, and also encrypted keys: PKCS#8
     * ({@code BEGIN ENCRYPTED PRIVATE KEY}, as {@code openssl pkcs8 -topk8 -v2 aes256} writes it)
     * and the legacy OpenSSL form ({@code Proc-Type: 4,ENCRYPTED}), decrypted with {@code password}.
     */
    public static PrivateKey readPrivateKey(Path file, Optional<KeyPassword> password) {
        List<PrivateKeyInfo> keys = new ArrayList<>();
        String text = readText(file);
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                if (block instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                    keys.add(EncryptedKeys.decrypt(file, encrypted, password));
                } else if (block instanceof PEMEncryptedKeyPair encrypted) {
                    keys.add(EncryptedKeys.decrypt(file, encrypted, password));
                } else if (block instanceof PrivateKeyInfo pkcs8) {
                    keys.add(pkcs8);
                } else if (block instanceof PEMKeyPair pair) {
                    keys.add(pair.getPrivateKeyInfo());
                } else if (block instanceof ASN1ObjectIdentifier) {
                    continue; // "BEGIN EC PARAMETERS" before a SEC1 key, as openssl ecparam -genkey writes it
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof CertificateFileException known) {
                throw known;
            }
            throw new CertificateFileException(file, "cannot parse PEM: " + reason(e), e);
        }
        if (keys.isEmpty()) {
            throw new CertificateFileException(file, NO_KEY);
        }
        if (keys.size() > 1) {
            throw new CertificateFileException(file, keys.size() + " private keys found (expected exactly one)");
        }
        try {
            return new JcaPEMKeyConverter().getPrivateKey(keys.get(0));
        } catch (IOException | RuntimeException e) {
            throw new CertificateFileException(file, "unusable private key: " + reason(e), e);
        }
    }

    /** The certificates as concatenated PEM blocks. */
    public static String toPem(X509Certificate... certificates) {
        return pem(List.of(certificates).toArray());
    }

    /** The key as an unencrypted PKCS#8 PEM block ({@code BEGIN PRIVATE KEY}). */
    public static String toPem(PrivateKey key) {
        Objects.requireNonNull(key, "key");
        try {
            return pem(new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a " + key.getAlgorithm() + " private key as PKCS#8", e);
        }
    }

    /** Replaces {@code file} (atomically) with the certificates as PEM; mode 0644 on POSIX file systems. */
    public static void writeCertificates(Path file, List<X509Certificate> certificates) {
        write(file, toPem(certificates.toArray(X509Certificate[]::new)), false);
    }

    /**
     * Replaces {@code file} (atomically) with the key as PKCS#8 PEM. On POSIX file systems the new
     * file has mode 0600 from the moment it exists, before the key is written into it.
     */
    public static void writePrivateKey(Path file, PrivateKey key) {
        write(file, toPem(key), true);
    }

    private static void write(Path file, String pem, boolean secret) {
        try {
            AtomicFiles.write(file, pem, secret ? AtomicFiles.OWNER_ONLY : AtomicFiles.WORLD_READABLE);
        } catch (AccessDeniedException e) {
            throw new CertificateFileException(file, "cannot write: permission denied", e);
        } catch (IOException e) {
            throw new CertificateFileException(file, "cannot write: " + reason(e), e);
        }
    }

    private static String pem(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode PEM", e);
        }
        return out.toString();
    }

    private static String reason(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String readText(Path file) {
        if (Files.isDirectory(file)) {
            throw new CertificateFileException(file, "is a directory, not a file");
        }
        if (!Files.exists(file)) {
            throw new CertificateFileException(file, "file does not exist");
        }
        if (!Files.isReadable(file)) {
            throw new CertificateFileException(file, "not readable");
        }
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (AccessDeniedException e) {
            throw new CertificateFileException(file, "not readable", e);
        } catch (IOException e) {
            throw new CertificateFileException(file, "cannot read: " + reason(e), e);
        }
    }
}
