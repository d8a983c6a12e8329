package org.smtpguard.policy.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DnsblQueryTest {

    @ParameterizedTest(name = "[{index}] {0} in {1}")
    @CsvSource(delimiter = '|', value = {
        "192.0.2.99  | zen.example      | 99.2.0.192.zen.example.",
        "127.0.0.2   | BL.Test.         | 2.0.0.127.bl.test.",
        "2001:db8:1:2:3:4:567:89ab | bl.test | b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.bl.test.",
    })
    void reversesOctetsOrNibbles(String address, String zone, String name) throws UnknownHostException {
        assertThat(DnsblQuery.queryName(InetAddress.getByName(address), zone)).isEqualTo(name);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "127.0.0.2       | true",
        "127.0.0.10      | true",
        "127.255.255.254 | false",
        "127.255.255.252 | false",
        "10.0.0.2        | false",
        "::1             | false",
    })
    void listedOnlyFor127AndNeverForTheErrorCodes(String answer, boolean listed) throws UnknownHostException {
        assertThat(DnsblQuery.isListing(InetAddress.getByName(answer))).isEqualTo(listed);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "192.0.2.99   | 24 | 192.0.2.0/24",
        "192.0.2.99   | 32 | 192.0.2.99/32",
        "10.1.255.3   | 16 | 10.1.0.0/16",
        "2001:db8:1:2:3:4:5:6 | 64 | 2001:db8:1:2:0:0:0:0/64",
        "2001:db8:1:2:3:4:5:6 | 48 | 2001:db8:1:0:0:0:0:0/48",
    })
    void networkKeysClearTheHostBits(String address, int prefix, String key) throws UnknownHostException {
        assertThat(NetworkKey.of(InetAddress.getByName(address), prefix, prefix)).isEqualTo(key);
    }
}
