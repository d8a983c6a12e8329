package org.smtpguard.proxy.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import java.util.Base64;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class FailureTextTest {

    @Test
    void aPlaintextAuthWhereTlsWasDueIsDescribedWithoutItsBytes() {
        String auth = "AUTH PLAIN " + Base64.getEncoder().encodeToString("\0al\0s3cret".getBytes());
        StringBuilder hex = new StringBuilder();
        for (byte b : auth.getBytes()) {
            hex.append(String.format("%02x", b));
        }
        Throwable netty = new DecoderException(new NotSslRecordException("not an SSL/TLS record: " + hex));

        String text = FailureText.of(netty);

        assertThat(text).isEqualTo("not a TLS record (plaintext where the TLS handshake was due)")
                .doesNotContain(hex.substring(0, 20));
    }

    @Test
    void anUnknownTlsFailureIsNamedByItsClassesOnly() {
        String text = FailureText.of(new DecoderException(new SSLHandshakeException("peer said 4155544820")));
        assertThat(text).isEqualTo("TLS failure (DecoderException < SSLHandshakeException)").doesNotContain("4155");
    }
}
