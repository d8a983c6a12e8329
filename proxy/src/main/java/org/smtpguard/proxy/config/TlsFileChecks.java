package org.smtpguard.proxy.config;

import static org.smtpguard.proxy.config.ConfigKeys.CLIENT_GREETING_NAME;
import static org.smtpguard.proxy.config.ConfigKeys.CLIENT_TLS_CERT;
import static org.smtpguard.proxy.config.ConfigKeys.CLIENT_TLS_CLIENT_AUTH;
import static org.smtpguard.proxy.config.ConfigKeys.CLIENT_TLS_CLIENT_CA;
import static org.smtpguard.proxy.config.ConfigKeys.CLIENT_TLS_KEY;
import static org.smtpguard.proxy.config.ConfigKeys.CLIENT_TLS_KEY_PASSWORD_ENV;
import static org.smtpguard.proxy.config.ConfigKeys.CLIENT_TLS_KEY_PASSWORD_FILE;
import static org.smtpguard.proxy.config.ConfigKeys.CLIENT_TLS_SNI_CERTS;
import static org.smtpguard.proxy.config.ConfigKeys.UPSTREAM_TLS_CA;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.smtpguard.certs.CertificateDescription;
import org.smtpguard.certs.CertificateFileException;
import org.smtpguard.certs.KeyMaterial;
import org.smtpguard.certs.KeyMaterialChecks;
import org.smtpguard.certs.KeyPassword;
import org.smtpguard.certs.TrustAnchors;

/**
 * Reads the certificate files the configuration names, so that a bad file stops start-up with
 * one line instead of failing the first TLS handshake: each client-side certificate parses, its key
 * (decrypted with the configured password) matches it, its chain is in order and valid now, the
 * default one carries {@code client.greeting_name} when that is set, and each SNI certificate has a
 * DNS name to be selected by; the CA files hold at least one certificate.
 */
final class TlsFileChecks {

    private TlsFileChecks() {
    }

    /** The default client-side certificate, checked; empty if neither file key is set. */
    static Optional<ClientTlsFiles> clientTls(Settings settings, Map<String, String> env, Instant now) {
        Optional<Path> cert = settings.find(CLIENT_TLS_CERT);
        Optional<Path> key = settings.find(CLIENT_TLS_KEY);
        if (cert.isEmpty() && key.isEmpty()) {
            return Optional.empty();
        }
        if (cert.isEmpty()) {
            throw ConfigException.badValue(CLIENT_TLS_KEY.name(), key.get().toString(), settings.source(CLIENT_TLS_KEY),
                    "a private key needs its certificate: set client.tls.cert (--tls-cert) as well");
        }
        ClientTlsFiles files = new ClientTlsFiles(cert.get(), key.orElse(cert.get()), password(settings, env));
        ConfigKey<Path> keyKey = key.isPresent() ? CLIENT_TLS_KEY : CLIENT_TLS_CERT;
        KeyMaterial material = load(settings, keyKey, files, key.isEmpty()
                ? "; set client.tls.key (--tls-key) if the key is in a file of its own" : "");
        Optional<String> name = settings.source(CLIENT_GREETING_NAME).equals(Source.DERIVED)
                ? Optional.empty() : settings.find(CLIENT_GREETING_NAME);
        check(settings, CLIENT_TLS_CERT, cert.get(), () -> KeyMaterialChecks.check(cert.get(), material, now, name));
        return Optional.of(files);
    }

    /** The certificates selected by SNI, each one file with chain and key (PEM or PKCS#12), checked. */
    static List<ClientTlsFiles> sniCertificates(Settings settings, Map<String, String> env, Instant now) {
        List<ClientTlsFiles> all = new ArrayList<>();
        for (Path file : settings.get(CLIENT_TLS_SNI_CERTS)) {
            ClientTlsFiles files = new ClientTlsFiles(file, file, password(settings, env));
            KeyMaterial material = load(settings, CLIENT_TLS_SNI_CERTS, files, "");
            check(settings, CLIENT_TLS_SNI_CERTS, file, () -> {
                KeyMaterialChecks.check(file, material, now, Optional.empty());
                if (CertificateDescription.of(material.leaf()).names().stream().noneMatch(n -> n.startsWith("DNS:"))) {
                    throw new CertificateFileException(file, "the certificate has no DNS name in its subject"
                            + " alternative names, so no client can select it by SNI");
                }
            });
            all.add(files);
        }
        return List.copyOf(all);
    }

    /** Client certificate authentication: the mode, and the CA file it needs, checked to hold certificates. */
    static ClientAuth clientAuth(Settings settings) {
        Optional<Path> ca = settings.find(CLIENT_TLS_CLIENT_CA);
        ca.ifPresent(file -> check(settings, CLIENT_TLS_CLIENT_CA, file, () -> {
            TrustAnchors.fromPem(file);
        }));
        try {
            return new ClientAuth(settings.get(CLIENT_TLS_CLIENT_AUTH), ca);
        } catch (IllegalArgumentException e) {
            ConfigKey<?> blamed = ca.isPresent() && settings.get(CLIENT_TLS_CLIENT_AUTH) == ClientAuthMode.OFF
                    ? CLIENT_TLS_CLIENT_CA : CLIENT_TLS_CLIENT_AUTH;
            throw ConfigException.badValue(blamed.name(), settings.format(blamed), settings.source(blamed),
                    String.valueOf(e.getMessage()));
        }
    }

    /** The upstream CA file, checked to hold certificates; empty: the JDK's trust store. */
    static Optional<Path> upstreamCa(Settings settings) {
        Optional<Path> ca = settings.find(UPSTREAM_TLS_CA);
        ca.ifPresent(file -> check(settings, UPSTREAM_TLS_CA, file, () -> {
            TrustAnchors.fromPem(file);
        }));
        return ca;
    }

    private static Optional<KeyPassword> password(Settings settings, Map<String, String> env) {
        try {
            return KeyPasswords.from(settings.find(CLIENT_TLS_KEY_PASSWORD_FILE), settings.find(CLIENT_TLS_KEY_PASSWORD_ENV),
                    env);
        } catch (IllegalArgumentException e) {
            ConfigKey<?> blamed = settings.find(CLIENT_TLS_KEY_PASSWORD_ENV).isPresent()
                    ? CLIENT_TLS_KEY_PASSWORD_ENV : CLIENT_TLS_KEY_PASSWORD_FILE;
            throw ConfigException.badValue(blamed.name(), settings.format(blamed), settings.source(blamed),
                    String.valueOf(e.getMessage()));
        }
    }

    private static KeyMaterial load(Settings settings, ConfigKey<?> key, ClientTlsFiles files, String hint) {
        KeyMaterial[] loaded = new KeyMaterial[1];
        check(settings, key, files.cert(), () -> {
            try {
                loaded[0] = files.load();
            } catch (CertificateFileException e) {
                throw new CertificateFileException(e.file(), problem(e) + (e.getMessage().contains("no private key")
                        ? hint : ""), e);
            }
        });
        return loaded[0];
    }

    /** Runs a check; a {@link CertificateFileException} becomes one line naming the key, the file and its source. */
    private static void check(Settings settings, ConfigKey<?> key, Path file, Runnable check) {
        try {
            check.run();
        } catch (CertificateFileException e) {
            Path about = e.file() == null ? file : e.file();
            throw ConfigException.badValue(key.name(), about.toString(), settings.source(key), problem(e));
        }
    }

    private static String problem(CertificateFileException e) {
        String message = String.valueOf(e.getMessage());
        String prefix = e.file() + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }
}
