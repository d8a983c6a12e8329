package org.smtpguard.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code upstream.tls.verify} and {@code upstream.tls.pins}: defaults, derivation and one-line errors. */
class UpstreamTrustConfigTest extends ConfigLayersFixture {

    private static final String PIN_A = "sha256/47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
    private static final String PIN_B = "sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    @Test
    void withoutPinsTheUpstreamIsVerifiedByCaOnly() {
        LoadedConfig loaded = load();

        assertThat(loaded.config().upstream().trust()).isEqualTo(UpstreamTrust.CA);
        assertThat(line(loaded, "upstream.tls.verify")).isEqualTo("upstream.tls.verify = ca  # derived");
    }

    @Test
    void repeatedPinFlagsAloneMeanCaPlusPin() {
        flags.put(ConfigKeys.UPSTREAM_TLS_PINS, List.of(PIN_A, PIN_B));

        UpstreamTrust trust = load().config().upstream().trust();

        assertThat(trust.verification()).isEqualTo(UpstreamVerification.CA_AND_PIN);
        assertThat(trust.pins()).containsExactly(PIN_A, PIN_B);
    }

    @Test
    void pinOnlyFromTheEnvironmentForASelfSignedUpstream() {
        env.put("SMTPGUARD_UPSTREAM_TLS_VERIFY", "pin");
        env.put("SMTPGUARD_UPSTREAM_TLS_PINS", PIN_A + "," + PIN_B);

        UpstreamTrust trust = load().config().upstream().trust();

        assertThat(trust.verification()).isEqualTo(UpstreamVerification.PIN);
        assertThat(trust.spkiPins().pins()).containsExactlyInAnyOrder(PIN_A, PIN_B);
    }

    @Test
    void aMalformedPinIsOneLineNamingIt() {
        set("--upstream-pin", "sha256/tooShort=");

        assertOneLineError("upstream.tls.pins \"sha256/tooShort=\" (from --upstream-pin): pin 'sha256/tooShort='");
    }

    @Test
    void pinModeWithoutPinsIsRefused() {
        set("--upstream-verify", "pin");

        assertOneLineError("upstream.tls.verify \"pin\" (from --upstream-verify): upstream.tls.verify=pin needs at least one pin");
    }

    @Test
    void pinsWithCaOnlyAreRefusedRatherThanIgnored() {
        set("--upstream-verify", "ca");
        flags.put(ConfigKeys.UPSTREAM_TLS_PINS, List.of(PIN_A));

        assertOneLineError("upstream.tls.verify \"ca\" (from --upstream-verify): upstream.tls.pins are ignored");
    }

    @Test
    void thereIsNoVerificationNone() {
        set("--upstream-verify", "none");

        assertOneLineError("upstream.tls.verify \"none\" (from --upstream-verify): expected ca, pin or ca+pin");
    }
}
