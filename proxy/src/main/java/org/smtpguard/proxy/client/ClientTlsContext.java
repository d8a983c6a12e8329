package org.smtpguard.proxy.client;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.DomainWildcardMappingBuilder;
import io.netty.util.Mapping;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.smtpguard.certs.CertificateDescription;
import org.smtpguard.certs.KeyMaterial;
import org.smtpguard.certs.TrustAnchors;
import org.smtpguard.proxy.config.ClientAuthMode;
import org.smtpguard.proxy.config.ClientConfig;
import org.smtpguard.proxy.config.ClientTlsFiles;
import org.smtpguard.proxy.net.TlsProviders;

/**
 * smtpguard's own TLS towards clients (STARTTLS and implicit TLS listeners), TLS 1.2+: the default
 * certificate, more certificates selected by the name a client sends as SNI (Netty's
 * {@link SniHandler}; a certificate serves every DNS name in its SANs, wildcards included), and
 * optionally client certificates verified against {@code client.tls.client_ca}.
 */
public final class ClientTlsContext {

    private final SslContext defaultContext;
    private final Mapping<String, SslContext> bySni;
    private final List<String> sniNames;
    private List<ClientCertificateExpiry.Watched> presented = List.of();
    private final Duration handshakeTimeout;

    public ClientTlsContext(PrivateKey key, List<X509Certificate> chain, Duration handshakeTimeout) throws SSLException {
        this(new KeyMaterial(key, chain), List.of(), ClientAuthMode.OFF, List.of(), handshakeTimeout);
    }

    /**
     * @param defaultMaterial what clients see without SNI or with a name no other certificate has
     * @param sniMaterial     certificates selected by SNI, by the DNS names in their SANs (the first wins)
     * @param clientAuth      whether client certificates are asked for or required
     * @param clientCas       the CAs client certificates must chain to (empty when {@code clientAuth} is off)
     */
    public ClientTlsContext(KeyMaterial defaultMaterial, List<KeyMaterial> sniMaterial, ClientAuthMode clientAuth,
            List<X509Certificate> clientCas, Duration handshakeTimeout) throws SSLException {
        this.defaultContext = context(defaultMaterial, clientAuth, clientCas);
        this.handshakeTimeout = handshakeTimeout;
        if (sniMaterial.isEmpty()) {
            this.bySni = null;
            this.sniNames = List.of();
            return;
        }
        DomainWildcardMappingBuilder<SslContext> mapping = new DomainWildcardMappingBuilder<>(defaultContext);
        Set<String> names = new LinkedHashSet<>();
        for (KeyMaterial material : sniMaterial) {
            SslContext context = context(material, clientAuth, clientCas);
            for (String name : dnsNames(material.leaf())) {
                if (names.add(name)) {
                    mapping.add(name, context);
                }
            }
        }
        this.bySni = mapping.build();
        this.sniNames = List.copyOf(names);
    }

    /**
     * Reads every certificate file the client configuration names and builds the context: a function
     * of the files, so that a reload can call it again. Without {@code client.tls.cert} a self-signed
     * certificate is generated (see {@link ClientCertificate#load}).
     */
    public static ClientTlsContext load(ClientConfig client, Duration handshakeTimeout, Instant now) throws SSLException {
        ClientCertificate defaultCertificate = ClientCertificate.load(client, now);
        List<ClientCertificateExpiry.Watched> presented = new ArrayList<>();
        presented.add(new ClientCertificateExpiry.Watched(
                ClientCertificateExpiry.origin(client.tls().map(ClientTlsFiles::cert)), defaultCertificate.chain().get(0)));
        List<KeyMaterial> sni = new ArrayList<>();
        for (ClientTlsFiles files : client.sniCertificates()) {
            KeyMaterial material = files.load();
            sni.add(material);
            presented.add(new ClientCertificateExpiry.Watched(files.cert().toString(), material.leaf()));
        }
        List<X509Certificate> cas = client.clientAuth().ca().map(TrustAnchors::fromPem).orElse(List.of());
        ClientTlsContext context = new ClientTlsContext(new KeyMaterial(defaultCertificate.key(),
                defaultCertificate.chain()), sni, client.clientAuth().mode(), cas, handshakeTimeout);
        context.presented = List.copyOf(presented);
        return context;
    }

    /** Every certificate this context presents (the default first) and its file: for expiry checks and gauges. */
    public List<ClientCertificateExpiry.Watched> presented() {
        return presented;
    }

    /** The names that select a certificate other than the default, in configuration order. */
    public List<String> sniNames() {
        return sniNames;
    }

    /** For an implicit-TLS listener: TLS from the first byte. */
    ChannelHandler newImplicitHandler(ByteBufAllocator alloc) {
        return bySni == null ? timed(new SslHandler(defaultContext.newEngine(alloc))) : sniHandler();
    }

    /**
     * After STARTTLS: the first write (the 220) still goes out in plaintext. (An {@link SniHandler}
     * only reads, so the 220 passes it; the TLS handler it puts in its place comes after the 220.)
     */
    ChannelHandler newStartTlsHandler(ByteBufAllocator alloc) {
        return bySni == null ? timed(new SslHandler(defaultContext.newEngine(alloc), true)) : sniHandler();
    }

    private ChannelHandler sniHandler() {
        return new SniHandler(bySni, handshakeTimeout.toMillis()) {
            @Override
            protected SslHandler newSslHandler(SslContext context, ByteBufAllocator allocator) {
                return timed(super.newSslHandler(context, allocator));
            }
        };
    }

    private SslHandler timed(SslHandler handler) {
        handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
        return handler;
    }

    private static SslContext context(KeyMaterial material, ClientAuthMode clientAuth, List<X509Certificate> cas)
            throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forServer(material.key(), material.chain())
                .sslProvider(TlsProviders.best())
                .protocols(TlsProviders.PROTOCOLS);
        if (clientAuth != ClientAuthMode.OFF) {
            builder.trustManager(cas).clientAuth(clientAuth == ClientAuthMode.REQUIRED ? ClientAuth.REQUIRE
                    : ClientAuth.OPTIONAL);
        }
        return builder.build();
    }

    private static List<String> dnsNames(X509Certificate leaf) {
        return CertificateDescription.of(leaf).names().stream().filter(n -> n.startsWith("DNS:"))
                .map(n -> n.substring("DNS:".length())).toList();
    }
}
