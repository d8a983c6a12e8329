package org.smtpguard.certs;

import java.io.IOException;
import java.nio.file.Path;
import java.security.Provider;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Decrypts password-protected PEM keys with a Bouncy Castle provider instance that is used here
 * only (never registered globally: the TLS stacks keep the JDK's providers).
 */
final class EncryptedKeys {

    private static final Provider BC = new BouncyCastleProvider();

    private EncryptedKeys() {
    }

    static PrivateKeyInfo decrypt(Path file, PKCS8EncryptedPrivateKeyInfo encrypted, Optional<KeyPassword> password) {
        KeyPassword given = require(file, password);
        try {
            return encrypted.decryptPrivateKeyInfo(
                    new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(given.chars()));
        } catch (PKCSException e) {
            throw new CertificateFileException(file, wrongPassword(given), e);
        } catch (OperatorCreationException | RuntimeException e) {
            throw new CertificateFileException(file, "cannot decrypt the private key: "
                    + OneLine.peerText(e.getMessage()), e);
        }
    }

    static PrivateKeyInfo decrypt(Path file, PEMEncryptedKeyPair encrypted, Optional<KeyPassword> password) {
        KeyPassword given = require(file, password);
        try {
            return encrypted.decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(BC).build(given.chars()))
                    .getPrivateKeyInfo();
        } catch (IOException | RuntimeException e) {
            throw new CertificateFileException(file, wrongPassword(given), e);
        }
    }

    private static KeyPassword require(Path file, Optional<KeyPassword> password) {
        return password.orElseThrow(() -> new CertificateFileException(file,
                "the private key is encrypted and no password was given"));
    }

    private static String wrongPassword(KeyPassword password) {
        return "cannot decrypt the private key with the password from " + password.origin() + " (wrong password?)";
    }
}
