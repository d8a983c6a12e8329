package org.smtpguard.certs;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** Generates key pairs with the JDK's own providers (no global provider registration). */
final class KeyPairs {

    private KeyPairs() {
    }

    static KeyPair generate(KeyKind kind) {
        try {
            return switch (kind) {
                case EC_P256 -> ecP256();
                case RSA_2048 -> rsa(2048);
                case RSA_3072 -> rsa(3072);
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate a " + kind + " key pair", e);
        }
    }

    private static KeyPair ecP256() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static KeyPair rsa(int bits) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }
}
