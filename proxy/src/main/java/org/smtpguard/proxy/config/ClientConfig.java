package org.smtpguard.proxy.config;

import org.smtpguard.proxy.log.LogText;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.smtpguard.policy.net.TrustedNetworks;

/**
 * The client leg: where smtpguard listens, the certificate it presents, who may AUTH without TLS
 * and the name it greets with.
 *
 * @param listen          plaintext listeners (STARTTLS offered)
 * @param listenTls       implicit-TLS listeners
 * @param tls             certificate and key; empty: a self-signed certificate is generated at start
 * @param trustedNetworks networks whose clients may AUTH without TLS
 * @param greetingName    the name in the 220 greeting and the EHLO reply
 * @param sniCertificates more certificates, chosen by the name a client sends as SNI
 * @param clientAuth      client certificate authentication (mutual TLS)
 * @param proxyProtocol   which listeners expect a PROXY protocol header first
 */
public record ClientConfig(List<HostPort> listen, List<HostPort> listenTls, Optional<ClientTlsFiles> tls,
        TrustedNetworks trustedNetworks, String greetingName, List<ClientTlsFiles> sniCertificates,
        ClientAuth clientAuth, ProxyProtocolConfig proxyProtocol) {

    public ClientConfig {
        listen = List.copyOf(listen);
        listenTls = List.copyOf(listenTls);
        sniCertificates = List.copyOf(sniCertificates);
        Objects.requireNonNull(clientAuth, "clientAuth");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(trustedNetworks, "trustedNetworks");
        Objects.requireNonNull(greetingName, "greetingName");
        Objects.requireNonNull(proxyProtocol, "proxyProtocol");
        if (listen.isEmpty() && listenTls.isEmpty()) {
            throw new IllegalArgumentException("no listener: set client.listen or client.listen_tls");
        }
        if (!HostNames.isSmtpName(greetingName)) {
            throw new IllegalArgumentException("client.greeting_name is not a host name: " + LogText.quoted(greetingName));
        }
    }

    /** One default certificate (or a generated one), no SNI certificates, no client certificates, no PROXY protocol. */
    public ClientConfig(List<HostPort> listen, List<HostPort> listenTls, Optional<ClientTlsFiles> tls,
            TrustedNetworks trustedNetworks, String greetingName) {
        this(listen, listenTls, tls, trustedNetworks, greetingName, List.of(), ClientAuth.OFF, ProxyProtocolConfig.OFF);
    }

    public ClientConfig withSniCertificates(List<ClientTlsFiles> newSniCertificates) {
        return new ClientConfig(listen, listenTls, tls, trustedNetworks, greetingName, newSniCertificates, clientAuth, proxyProtocol);
    }

    public ClientConfig withClientAuth(ClientAuth newClientAuth) {
        return new ClientConfig(listen, listenTls, tls, trustedNetworks, greetingName, sniCertificates, newClientAuth, proxyProtocol);
    }

    public ClientConfig withProxyProtocol(ProxyProtocolConfig newProxyProtocol) {
        return new ClientConfig(listen, listenTls, tls, trustedNetworks, greetingName, sniCertificates, clientAuth, newProxyProtocol);
    }

    public ClientConfig withListen(List<HostPort> newListen) {
        return new ClientConfig(newListen, listenTls, tls, trustedNetworks, greetingName, sniCertificates, clientAuth, proxyProtocol);
    }

    public ClientConfig withListenTls(List<HostPort> newListenTls) {
        return new ClientConfig(listen, newListenTls, tls, trustedNetworks, greetingName, sniCertificates, clientAuth, proxyProtocol);
    }

    public ClientConfig withTls(Optional<ClientTlsFiles> newTls) {
        return new ClientConfig(listen, listenTls, newTls, trustedNetworks, greetingName, sniCertificates, clientAuth, proxyProtocol);
    }

    public ClientConfig withTrustedNetworks(TrustedNetworks newTrustedNetworks) {
        return new ClientConfig(listen, listenTls, tls, newTrustedNetworks, greetingName, sniCertificates, clientAuth,
                proxyProtocol);
    }
}
