package org.smtpguard.policy.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetworkRangeTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "127.0.0.0/8                | 127.0.0.0/8",
        "10.0.0.0/8                 | 10.0.0.0/8",
        "192.0.2.1                  | 192.0.2.1/32",
        "0.0.0.0/0                  | 0.0.0.0/0",
        "' 172.16.0.0/12 '          | 172.16.0.0/12",
        "::1/128                    | ::1/128",
        "::1                        | ::1/128",
        "::/0                       | ::/0",
        "2001:DB8::/32              | 2001:db8::/32",
        "2001:0db8:0000:0000:0000:0000:0000:0001 | 2001:db8::1/128",
        "fe80::/10                  | fe80::/10",
        "2001:db8:0:0:1:0:0:1       | 2001:db8::1:0:0:1/128",
        "1:0:0:2::/64               | 1:0:0:2::/64",
        "1:0:0:2:0:0:3:4            | 1::2:0:0:3:4/128",
        "1:0:0:2:0:0:0:3            | 1:0:0:2::3/128",
        "1:0:2:3:4:5:6:7            | 1:0:2:3:4:5:6:7/128",
        "::ffff:127.0.0.1           | 127.0.0.1/32",
        "::ffff:10.0.0.0/104        | 10.0.0.0/8",
        "::ffff:0:0/96              | 0.0.0.0/0",
        "64:ff9b::192.0.2.0/120     | 64:ff9b::c000:200/120",
        "1:2:3:4:5:6:7::            | 1:2:3:4:5:6:7:0/128",
    })
    void parsesLiteralsIntoCanonicalRanges(String text, String canonical) {
        assertThat(NetworkRange.parse(text)).hasToString(canonical);
        assertThat(NetworkRange.parse(canonical)).isEqualTo(NetworkRange.parse(text));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "localhost            | 'network range \"localhost\" is not an IP address or CIDR range (host names are not accepted)'",
        "mail.test/24         | 'network range \"mail.test/24\" is not an IP address or CIDR range (host names are not accepted)'",
        "''                   | 'network range \"\" is not an IP address or CIDR range (host names are not accepted)'",
        "10.0.0               | 'network range \"10.0.0\" is not an IP address'",
        "10.0.0.256           | 'network range \"10.0.0.256\" is not an IP address'",
        "010.0.0.1            | 'network range \"010.0.0.1\" is not an IP address'",
        "1.2.3.4.5            | 'network range \"1.2.3.4.5\" is not an IP address'",
        "0x7f.0.0.1           | 'network range \"0x7f.0.0.1\" is not an IP address'",
        "2130706433           | 'network range \"2130706433\" is not an IP address'",
        "10.0.0.0/33          | 'network range \"10.0.0.0/33\" has no valid prefix length (0 to 32)'",
        "10.0.0.0/            | 'network range \"10.0.0.0/\" has no valid prefix length (0 to 32)'",
        "10.0.0.0/08          | 'network range \"10.0.0.0/08\" has no valid prefix length (0 to 32)'",
        "10.0.0.0/-1          | 'network range \"10.0.0.0/-1\" has no valid prefix length (0 to 32)'",
        "10.0.0.0/8/8         | 'network range \"10.0.0.0/8/8\" has no valid prefix length (0 to 32)'",
        "::1/129              | 'network range \"::1/129\" has no valid prefix length (0 to 128)'",
        "10.1.2.3/8           | 'network range \"10.1.2.3/8\" has host bits set; did you mean 10.0.0.0/8?'",
        "2001:db8::1/32       | 'network range \"2001:db8::1/32\" has host bits set; did you mean 2001:db8::/32?'",
        ":::1                 | 'network range \":::1\" is not an IP address'",
        "1::2::3              | 'network range \"1::2::3\" is not an IP address'",
        "1:2:3:4:5:6:7:8:9    | 'network range \"1:2:3:4:5:6:7:8:9\" is not an IP address'",
        "1:2:3:4:5:6:7        | 'network range \"1:2:3:4:5:6:7\" is not an IP address'",
        "1:2:3:4:5:6:7::8     | 'network range \"1:2:3:4:5:6:7::8\" is not an IP address'",
        "12345::              | 'network range \"12345::\" is not an IP address'",
        "fe80::1%eth0         | 'network range \"fe80::1%eth0\" is not an IP address'",
        "[::1]/128            | 'network range \"[::1]/128\" is not an IP address'",
        "::1.2.3.4:5          | 'network range \"::1.2.3.4:5\" is not an IP address'",
        "g::1                 | 'network range \"g::1\" is not an IP address'",
        "'\uff11::1'          | 'network range \"\uff11::1\" is not an IP address'",
    })
    void refusesAnythingButALiteralWithAOneLineMessage(String text, String message) {
        assertThatThrownBy(() -> NetworkRange.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContaining("\n");
    }

    @Test
    void controlCharactersInTheBadTextDoNotBreakTheLine() {
        assertThatThrownBy(() -> NetworkRange.parse("10.0.0.0/8\nmalicious: yes"))
                .hasMessage("network range \"10.0.0.0/8?malicious: yes\" has no valid prefix length (0 to 32)");
    }

    @ParameterizedTest(name = "[{index}] {0} in {1}")
    @CsvSource({
        "127.0.0.1,        127.0.0.0/8,     true",
        "127.255.255.254,  127.0.0.0/8,     true",
        "128.0.0.1,        127.0.0.0/8,     false",
        "10.1.2.3,         10.0.0.0/8,      true",
        "11.0.0.0,         10.0.0.0/8,      false",
        "172.31.255.255,   172.16.0.0/12,   true",
        "172.32.0.0,       172.16.0.0/12,   false",
        "192.0.2.1,        192.0.2.1,       true",
        "192.0.2.2,        192.0.2.1,       false",
        "203.0.113.9,      0.0.0.0/0,       true",
        "::1,              ::1/128,         true",
        "::2,              ::1/128,         false",
        "2001:db8:ffff::1, 2001:db8::/32,   true",
        "2001:db9::1,      2001:db8::/32,   false",
        "::ffff:127.0.0.1, 127.0.0.0/8,     true",
        "::ffff:10.9.8.7,  ::ffff:10.0.0.0/104, true",
        "127.0.0.1,        ::/0,            false",
        "::1,              0.0.0.0/0,       false",
        "::ffff:127.0.0.1, ::/0,            false",
        "::127.0.0.1,      127.0.0.0/8,     false",
    })
    void containsAddressesOfItsOwnFamily(String address, String range, boolean contained) throws UnknownHostException {
        InetAddress inet = InetAddress.getByAddress(IpLiterals.parse(address));

        assertThat(NetworkRange.parse(range).contains(inet)).isEqualTo(contained);
    }

    @Test
    void anIpv4MappedInet6AddressCountsAsIpv4() throws UnknownHostException {
        InetAddress mapped = Inet6Address.getByAddress(null, IpLiterals.parse("::ffff:127.0.0.1"), -1);

        assertThat(mapped).isInstanceOf(Inet6Address.class);
        assertThat(NetworkRange.parse("127.0.0.0/8").contains(mapped)).isTrue();
    }

    @Test
    void exposesNetworkAndPrefixLength() {
        NetworkRange range = NetworkRange.parse("10.0.0.0/8");

        assertThat(range.network().getHostAddress()).isEqualTo("10.0.0.0");
        assertThat(range.prefixLength()).isEqualTo(8);
    }
}
