package org.smtpguard.policy.mx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecipientDomainTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "TO:<bob@example.org>                       | example.org",
        "to:<Bob@Example.ORG>                       | example.org",
        "TO: <bob@example.org> NOTIFY=NEVER         | example.org",
        "TO:<bob@mail.example.org.>                 | mail.example.org",
        "TO:<@relay.test,@other.test:bob@example.org> | example.org",
        "'TO:<\"b@d>\"@example.org>'                  | example.org",
    })
    void findsTheDomain(String argument, String domain) {
        assertThat(RecipientDomain.of(argument)).isEqualTo(new RecipientDomain.Result.Domain(domain));
    }

    @Test
    void internationalisedDomainsBecomeTheirALabel() {
        String utf8AsLatin1 = new String("bücher.example".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(RecipientDomain.of("TO:<a@" + utf8AsLatin1 + ">"))
                .isEqualTo(new RecipientDomain.Result.Domain("xn--bcher-kva.example"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "TO:<postmaster>          | NO_DOMAIN",
        "TO:<bob@>                | NO_DOMAIN",
        "TO:bob@example.org       | NO_DOMAIN",
        "FROM:<bob@example.org>   | NO_DOMAIN",
        "TO:<bob@example.org      | NO_DOMAIN",
        "TO:<bob@[192.0.2.1]>     | ADDRESS_LITERAL",
        "TO:<bob@localhost>       | BAD_DOMAIN",
        "TO:<bob@exa_mple.org>    | BAD_DOMAIN",
        "TO:<bob@-example.org>    | BAD_DOMAIN",
        "TO:<bob@example..org>    | BAD_DOMAIN",
    })
    void refusesWhatCannotBeRouted(String argument, String which) throws ReflectiveOperationException {
        Object reply = RecipientDomain.class.getField(which).get(null);
        assertThat(RecipientDomain.of(argument)).isEqualTo(new RecipientDomain.Result.Refused(
                (org.smtpguard.policy.smtp.Reply) reply));
    }

    @Test
    void aSecondDomainInOneTransactionGets452Status453() {
        assertThat(DomainGrouping.decide(Optional.empty(), "a.test")).isEmpty();
        assertThat(DomainGrouping.decide(Optional.of("a.test"), "A.TEST")).isEmpty();
        assertThat(DomainGrouping.decide(Optional.of("a.test"), "b.test")).hasValueSatisfying(r ->
                assertThat(r.toWireString()).startsWith("452 4.5.3 "));
    }
}
