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
 * @param proxyProtocol   which listeners expect a PROXY protocol header first
 */
public record ClientConfig(List<HostPort> listen, List<HostPort> listenTls, Optional<ClientTlsFiles> tls,
        TrustedNetworks trustedNetworks, String greetingName, ProxyProtocolConfig proxyProtocol) {

    public ClientConfig {
        listen = List.copyOf(listen);
        listenTls = List.copyOf(listenTls);
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

    /** Without PROXY protocol. */
    public ClientConfig(List<HostPort> listen, List<HostPort> listenTls, Optional<ClientTlsFiles> tls,
            TrustedNetworks trustedNetworks, String greetingName) {
        this(listen, listenTls, tls, trustedNetworks, greetingName, ProxyProtocolConfig.OFF);
    }

    public ClientConfig withListen(List<HostPort> newListen) {
        return new ClientConfig(newListen, listenTls, tls, trustedNetworks, greetingName, proxyProtocol);
    }

    public ClientConfig withListenTls(List<HostPort> newListenTls) {
        return new ClientConfig(listen, newListenTls, tls, trustedNetworks, greetingName, proxyProtocol);
    }

    public ClientConfig withTls(Optional<ClientTlsFiles> newTls) {
        return new ClientConfig(listen, listenTls, newTls, trustedNetworks, greetingName, proxyProtocol);
    }

    public ClientConfig withTrustedNetworks(TrustedNetworks newTrustedNetworks) {
        return new ClientConfig(listen, listenTls, tls, newTrustedNetworks, greetingName, proxyProtocol);
    }

    public ClientConfig withProxyProtocol(ProxyProtocolConfig newProxyProtocol) {
        return new ClientConfig(listen, listenTls, tls, trustedNetworks, greetingName, newProxyProtocol);
    }
}
