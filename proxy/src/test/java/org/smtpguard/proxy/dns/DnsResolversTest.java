package org.smtpguard.proxy.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpguard.proxy.config.DnsConfig;
import org.smtpguard.proxy.config.HostPort;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.dnssec.ValidatingResolver;

/** The validating resolver gets the root's anchors by default and the configured ones instead when given. */
class DnsResolversTest {

    private final DnsConfig servers = DnsConfig.defaults().withServers(List.of(new HostPort("127.0.0.1", 5353)),
            Optional.empty());

    @Test
    void theBuiltInTrustAnchorsAreTheRootKsk2017AndKsk2024() throws IOException {
        ValidatingResolver resolver = DnsResolvers.validating(servers, Clock.systemUTC());

        RRset root = resolver.getTrustAnchors().find(Name.root, DClass.IN);
        assertThat(root).isNotNull();
        assertThat(root.rrs()).extracting(r -> r.rdataToString().split(" ")[0]).containsExactlyInAnyOrder("20326", "38696");
    }

    @Test
    void aConfiguredTrustAnchorFileReplacesTheRoot(@TempDir Path dir) throws IOException {
        Path anchors = Files.writeString(dir.resolve("anchors"),
                "dane.test. IN DS 12345 13 2 0011223344556677889900112233445566778899001122334455667788990011\n");

        ValidatingResolver resolver = DnsResolvers.validating(servers.withServers(servers.servers(),
                Optional.of(anchors)), Clock.systemUTC());

        assertThat(resolver.getTrustAnchors().find(Name.root, DClass.IN)).isNull();
        assertThat(resolver.getTrustAnchors().find(Name.fromConstantString("dane.test."), DClass.IN)).isNotNull();
    }

    @Test
    void anUnreadableTrustAnchorFileIsAnError(@TempDir Path dir) throws IOException {
        Path anchors = Files.writeString(dir.resolve("anchors"), "dane.test. IN DS not a ds record\n");

        assertThatThrownBy(() -> DnsResolvers.validating(servers.withServers(servers.servers(), Optional.of(anchors)),
                Clock.systemUTC())).isInstanceOf(IOException.class);
    }
}
