package org.smtpguard.proxy.client;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtpguard.certs.Fingerprints;
import org.smtpguard.certs.IssuedCertificate;
import org.smtpguard.certs.LeafSpec;
import org.smtpguard.proxy.config.ClientConfig;

/** The certificate smtpguard shows its clients: the configured files, or one generated at start. */
public record ClientCertificate(PrivateKey key, List<X509Certificate> chain) {

    private static final Logger LOG = LoggerFactory.getLogger("smtpguard.tls");

    public static ClientCertificate load(ClientConfig client, Instant now) {
        if (client.tls().isPresent()) {
            var files = client.tls().get();
            var material = files.load();
            ClientCertificate loaded = new ClientCertificate(material.key(), material.chain());
            LOG.info("client-side certificate loaded file={} subject=\"{}\" sha256={}", files.cert(),
                    loaded.chain.get(0).getSubjectX500Principal().getName(), Fingerprints.sha256(loaded.chain.get(0)));
            return loaded;
        }
        IssuedCertificate generated = IssuedCertificate.selfSigned(
                LeafSpec.forNames(now, Duration.ofDays(365), client.greetingName(), "localhost", "127.0.0.1", "::1"));
        LOG.info("no client.tls.cert configured: generated a self-signed client-side certificate for {} sha256={}",
                client.greetingName(), Fingerprints.sha256(generated.certificate()));
        return new ClientCertificate(generated.privateKey(), generated.chain());
    }
}
