package org.smtpguard.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.smtpguard.policy.smtp.Capabilities;
import org.smtpguard.policy.smtp.Reply;

/** The XCLIENT line for what the upstream offers (Postfix's XCLIENT_README). */
class XclientTest {

    private static Capabilities offering(String xclientLine) {
        return Capabilities.fromEhloReply(new Reply(250, null, List.of("mail.test", "PIPELINING", xclientLine)));
    }

    @ParameterizedTest(name = "{0} from {1}")
    @CsvSource(delimiter = '|', value = {
        "XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN | 192.0.2.7   | XCLIENT ADDR=192.0.2.7 PORT=2500 NAME=[UNAVAILABLE]",
        "XCLIENT ADDR                                         | 192.0.2.7   | XCLIENT ADDR=192.0.2.7",
        "xclient addr port                                    | 2001:db8::7 | XCLIENT ADDR=IPV6:2001:db8:0:0:0:0:0:7 PORT=2500",
    })
    void sendsAddrAndWhatElseIsOffered(String offer, String client, String expected) throws Exception {
        Capabilities upstream = offering(offer);
        byte[] line = Xclient.command(upstream, new InetSocketAddress(InetAddress.getByName(client), 2500));
        assertThat(Xclient.offered(upstream)).isTrue();
        assertThat(new String(line, StandardCharsets.US_ASCII)).isEqualTo(expected + "\r\n");
    }

    @ParameterizedTest
    @CsvSource({"XCLIENT NAME HELO", "XFORWARD ADDR NAME", "8BITMIME"})
    void isNotOfferedWithoutTheAddrAttribute(String line) {
        assertThat(Xclient.offered(offering(line))).isFalse();
    }
}
