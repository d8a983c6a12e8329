package org.smtpguard.policy.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrustedNetworksTest {

    private static InetAddress address(String literal) throws UnknownHostException {
        return InetAddress.getByAddress(IpLiterals.parse(literal));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
        "127.0.0.1,         true",
        "127.8.9.10,        true",
        "::1,               true",
        "::ffff:127.0.0.1,  true",
        "10.0.0.1,          false",
        "::2,               false",
        "192.0.2.1,         false",
    })
    void loopbackOnlyTrustsTheLoopbackNetworks(String literal, boolean trusted) throws UnknownHostException {
        assertThat(TrustedNetworks.loopbackOnly().contains(address(literal))).isEqualTo(trusted);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
        "10.20.30.40,       true",
        "192.168.1.200,     true",
        "192.168.2.1,       false",
        "2001:db8::25,      true",
        "2001:db8:1::25,    false",
        "127.0.0.1,         false",
    })
    void parsedNetworksTrustTheirAddresses(String literal, boolean trusted) throws UnknownHostException {
        TrustedNetworks networks = TrustedNetworks.parse(List.of("10.0.0.0/8", "192.168.1.0/24", "2001:db8::/48"));

        assertThat(networks.contains(address(literal))).isEqualTo(trusted);
    }

    @Test
    void toStringListsTheRanges() {
        assertThat(TrustedNetworks.loopbackOnly()).hasToString("127.0.0.0/8, ::1/128");
        assertThat(TrustedNetworks.parse(List.of("192.0.2.7", "2001:DB8::/32")))
                .hasToString("192.0.2.7/32, 2001:db8::/32");
        assertThat(TrustedNetworks.parse(List.of())).hasToString("(none)");
        assertThat(TrustedNetworks.parse(List.of("127.0.0.0/8", "::1"))).isEqualTo(TrustedNetworks.loopbackOnly());
    }

    @Test
    void nothingIsTrustedByAnEmptyList() throws UnknownHostException {
        assertThat(TrustedNetworks.parse(List.of()).contains(address("127.0.0.1"))).isFalse();
    }

    @Test
    void theFirstBadRangeIsNamed() {
        assertThatThrownBy(() -> TrustedNetworks.parse(List.of("10.0.0.0/8", "intranet.test", "bad")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"intranet.test\"");
    }
}
