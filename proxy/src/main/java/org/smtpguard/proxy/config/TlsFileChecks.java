package org.smtpguard.proxy.config;

import org.smtpguard.proxy.log.LogText;

import static org.smtpguard.proxy.config.ConfigKeys.CLIENT_TLS_CERT;
import static org.smtpguard.proxy.config.ConfigKeys.CLIENT_TLS_KEY;
import static org.smtpguard.proxy.config.ConfigKeys.UPSTREAM_TLS_CA;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.smtpguard.certs.CertificateFileException;
import org.smtpguard.certs.KeyMatch;
import org.smtpguard.certs.PemFiles;
import org.smtpguard.certs.TrustAnchors;

/**
 * Reads the certificate files the configuration names, so that a bad file stops start-up with
 * one line instead of failing the first TLS handshake: the client certificate and key come
 * together, parse, and match; the upstream CA file holds at least one certificate.
 */
final class TlsFileChecks {

    private TlsFileChecks() {
    }

    /** The client certificate and key, checked; empty if neither is set. */
    static Optional<ClientTlsFiles> clientTls(Settings settings) {
        Optional<Path> cert = settings.find(CLIENT_TLS_CERT);
        Optional<Path> key = settings.find(CLIENT_TLS_KEY);
        if (cert.isEmpty() && key.isEmpty()) {
            return Optional.empty();
        }
        if (key.isEmpty()) {
            throw ConfigException.badValue(CLIENT_TLS_CERT.name(), cert.get().toString(), settings.source(CLIENT_TLS_CERT),
                    "a certificate needs its private key: set client.tls.key (--tls-key) as well");
        }
        if (cert.isEmpty()) {
            throw ConfigException.badValue(CLIENT_TLS_KEY.name(), key.get().toString(), settings.source(CLIENT_TLS_KEY),
                    "a private key needs its certificate: set client.tls.cert (--tls-cert) as well");
        }
        List<X509Certificate> chain = read(settings, CLIENT_TLS_CERT, PemFiles::readCertificates);
        PrivateKey privateKey = read(settings, CLIENT_TLS_KEY, PemFiles::readPrivateKey);
        if (!KeyMatch.matches(privateKey, chain.get(0))) {
            throw ConfigException.badValue(CLIENT_TLS_KEY.name(), key.get().toString(), settings.source(CLIENT_TLS_KEY),
                    "does not match the (first) certificate in " + LogText.peer(cert.get().toString()));
        }
        return Optional.of(new ClientTlsFiles(cert.get(), key.get()));
    }

    /** The upstream CA file, checked to hold certificates; empty: the JDK's trust store. */
    static Optional<Path> upstreamCa(Settings settings) {
        Optional<Path> ca = settings.find(UPSTREAM_TLS_CA);
        ca.ifPresent(file -> read(settings, UPSTREAM_TLS_CA, TrustAnchors::fromPem));
        return ca;
    }

    private static <R> R read(Settings settings, ConfigKey<Path> key, java.util.function.Function<Path, R> reader) {
        Path file = settings.get(key);
        try {
            return reader.apply(file);
        } catch (CertificateFileException e) {
            String message = String.valueOf(e.getMessage());
            String prefix = file + ": ";
            String problem = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
            throw ConfigException.badValue(key.name(), file.toString(), settings.source(key), problem);
        }
    }
}
