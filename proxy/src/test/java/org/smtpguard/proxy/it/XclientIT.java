package org.smtpguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.smtpguard.proxy.config.ProxyProtocolConfig;
import org.smtpguard.proxy.config.SmtpguardConfig;
import org.smtpguard.proxy.it.FaultyUpstream.Fault;
import org.smtpguard.proxy.it.FaultyUpstream.ReceivedLine;

/**
 * {@code upstream.xclient}: an upstream that offers XCLIENT after TLS is told the original client's
 * address (here from a PROXY header, so that it differs from smtpguard's own) before anything of
 * the client's is relayed, and greets anew; EHLO is sent again and the client is greeted only then.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class XclientIT extends AgainstFaultyUpstream {

    private void start(boolean xclient) throws Exception {
        SmtpguardConfig config = ProxyUnderTest.config(upstream.port(), certificates);
        proxy = ProxyUnderTest.start(config
                .withUpstream(config.upstream().withXclient(xclient))
                .withClient(config.client().withProxyProtocol(new ProxyProtocolConfig(true, false, Duration.ofSeconds(5)))));
    }

    private void relayOneMessageFrom(String sourceAddress) throws Exception {
        try (SmtpTestClient client = proxy.connect()) {
            client.sendRaw(("PROXY TCP4 " + sourceAddress + " 127.0.0.1 40555 25\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(client.readReply().code()).isEqualTo(220);
            assertThat(client.command("EHLO app.test").code()).isEqualTo(250);
            assertThat(client.command("MAIL FROM:<app@client.test>").code()).isEqualTo(250);
            assertThat(client.command("RCPT TO:<ops@mail.test>").code()).isEqualTo(250);
            assertThat(client.command("DATA").code()).isEqualTo(354);
            assertThat(client.command("Subject: xclient\r\n\r\nhello\r\n.").code()).isEqualTo(250);
            assertThat(client.command("QUIT").code()).isEqualTo(221);
        }
        upstream.awaitAllConnectionsEnded(Duration.ofSeconds(5));
    }

    private List<String> upstreamCommands() {
        return upstream.commands().stream().map(ReceivedLine::text).toList();
    }

    @Test
    void theUpstreamIsToldTheClientsAddressOverTlsThenGreetedAgainBeforeTheClientsCommands() throws Exception {
        upstream = FaultyUpstream.start(Fault.NONE, certificates);
        upstream.offerXclient("NAME ADDR PROTO HELO PORT");
        start(true);

        relayOneMessageFrom("192.0.2.55");

        List<String> commands = upstreamCommands();
        int xclient = commands.indexOf("XCLIENT ADDR=192.0.2.55 PORT=40555 NAME=[UNAVAILABLE]");
        assertThat(xclient).as("%s", commands).isPositive();
        assertThat(upstream.commands().get(xclient).tls()).as("XCLIENT only over the verified TLS").isTrue();
        assertThat(commands.get(xclient - 1)).as("after the EHLO over TLS").startsWith("EHLO ");
        assertThat(commands.get(xclient + 1)).as("EHLO again after its 220").isEqualTo("EHLO " + SmtpguardConfig.TEST_NAME);
        assertThat(commands.subList(xclient + 2, commands.size())).first().asString().startsWith("MAIL FROM:");
        assertThat(upstream.messages()).hasSize(1);
    }

    @Test
    void anUpstreamThatRefusesXclientStillGetsTheMessage() throws Exception {
        upstream = FaultyUpstream.start(Fault.NONE, certificates);
        upstream.offerXclient("ADDR");
        upstream.refuseXclient();
        start(true);

        try (LogCapture log = LogCapture.start()) {
            relayOneMessageFrom("192.0.2.56");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> log.lines().stream().anyMatch(l -> l.contains("xclient refused")));
        }
        assertThat(upstreamCommands()).contains("XCLIENT ADDR=192.0.2.56");
        assertThat(upstream.messages()).hasSize(1);
    }

    @Test
    void withoutTheKeyOrWithoutTheOfferNoXclientIsSent() throws Exception {
        upstream = FaultyUpstream.start(Fault.NONE, certificates);
        upstream.offerXclient("ADDR");
        start(false);
        relayOneMessageFrom("192.0.2.57");
        assertThat(upstreamCommands()).noneMatch(c -> c.startsWith("XCLIENT"));
        proxy.close();

        upstream.close();
        upstream = FaultyUpstream.start(Fault.NONE, certificates); // offers no XCLIENT
        start(true);
        relayOneMessageFrom("192.0.2.58");
        assertThat(upstreamCommands()).noneMatch(c -> c.startsWith("XCLIENT"));
    }
}
