package org.smtpguard.policy.ehlo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.smtpguard.policy.smtp.Capabilities;
import org.smtpguard.policy.smtp.Reply;

/** Upstream capabilities and offered capabilities written as {@code KEYWORD params;KEYWORD…}. */
class CapabilityPolicyTest {

    @ParameterizedTest(name = "[{index}] {0} tls={1} starttls={2} auth={3} size={4}")
    @CsvSource(delimiter = '|', value = {
        // SIZE: always offered, the smaller limit
        "''                            | true  | false | true  | 1000 | SIZE 1000",
        "SIZE 500                      | true  | false | true  | 1000 | SIZE 500",
        "SIZE 5000                     | true  | false | true  | 1000 | SIZE 1000",
        "SIZE                          | true  | false | true  | 1000 | SIZE 1000",
        "SIZE 0                        | true  | false | true  | 1000 | SIZE 1000",
        "SIZE 99999999999999999999999  | true  | false | true  | 1000 | SIZE 1000",
        // our STARTTLS: only on a plaintext leg that can have it; never the upstream's
        "STARTTLS                      | true  | false | true  | 1000 | SIZE 1000",
        "STARTTLS                      | true  | true  | true  | 1000 | SIZE 1000",
        "''                            | false | true  | false | 1000 | SIZE 1000;STARTTLS",
        "STARTTLS                      | false | false | false | 1000 | SIZE 1000",
        // AUTH: the upstream's mechanisms, only where allowed
        "AUTH PLAIN LOGIN              | true  | false | true  | 1000 | SIZE 1000;AUTH PLAIN LOGIN",
        "AUTH PLAIN LOGIN              | true  | false | false | 1000 | SIZE 1000",
        "AUTH=plain                    | true  | false | true  | 1000 | SIZE 1000;AUTH PLAIN",
        "AUTH                          | true  | false | true  | 1000 | SIZE 1000",
        "''                            | true  | false | true  | 1000 | SIZE 1000",
        // relayed as offered, parameters dropped
        "PIPELINING;8BITMIME;SMTPUTF8;ENHANCEDSTATUSCODES;DSN | true | false | true | 1000 | "
                + "PIPELINING;SIZE 1000;ENHANCEDSTATUSCODES;8BITMIME;DSN;SMTPUTF8",
        "DSN extra;pipelining          | true  | false | true  | 1000 | PIPELINING;SIZE 1000;DSN",
        // never
        "VRFY;EXPN;ETRN;TURN;ATRN      | true  | false | true  | 1000 | SIZE 1000",
        "CHUNKING;BINARYMIME           | true  | false | true  | 1000 | SIZE 1000",
        "XCLIENT NAME ADDR;XFORWARD NAME | true | false | true | 1000 | SIZE 1000",
        "HELP;X-ANYTHING;DELIVERBY 100;MT-PRIORITY;REQUIRETLS;NO-SOLICITING | true | false | true | 1000 | SIZE 1000",
    })
    void offersOnlyWhatSmtpguardRelays(String upstream, boolean tls, boolean startTls, boolean auth, long size,
                                       String offered) {
        ClientLeg leg = new ClientLeg(tls, startTls, auth, size);

        Capabilities result = CapabilityPolicy.standard().offer(capabilities(upstream), leg);

        List<String> lines = result.toEhloReply("smtpguard.test").lines();
        assertThat(String.join(";", lines.subList(1, lines.size()))).isEqualTo(offered);
    }

    private static Capabilities capabilities(String compact) {
        List<String> lines = new ArrayList<>(List.of("mail.test"));
        if (!compact.isEmpty()) {
            lines.addAll(List.of(compact.split(";")));
        }
        return Capabilities.fromEhloReply(new Reply(250, null, lines));
    }
}
