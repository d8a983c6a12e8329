package org.smtpguard.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How durations and sizes are written, read and shown back. */
class ValueTypesTest {

    @ParameterizedTest(name = "{0} = {1} ms, shown as {2}")
    @CsvSource({
        "250ms, 250,     250ms",
        "30s,   30000,   30s",
        "120s,  120000,  2m",
        "5m,    300000,  5m",
        "90m,   5400000, 90m",
        "1h,    3600000, 1h",
        "1500ms, 1500,   1500ms",
    })
    void readsAndShowsDurations(String text, long millis, String shown) {
        Duration duration = ValueTypes.duration().parse(List.of(text));

        assertThat(duration).isEqualTo(Duration.ofMillis(millis));
        assertThat(ValueTypes.duration().format(duration)).isEqualTo(shown);
    }

    @ParameterizedTest(name = "{0} = {1} bytes, shown as {2}")
    @CsvSource({
        "52428800, 52428800,   50M",
        "50M,      52428800,   50M",
        "50m,      52428800,   50M",
        "512K,     524288,     512K",
        "1536K,    1572864,    1536K",
        "1G,       1073741824, 1G",
        "1000,     1000,       1000",
    })
    void readsAndShowsBinarySizes(String text, long bytes, String shown) {
        long parsed = ValueTypes.byteSize(0, Long.MAX_VALUE).parse(List.of(text));

        assertThat(parsed).isEqualTo(bytes);
        assertThat(ValueTypes.byteSize(0, Long.MAX_VALUE).format(parsed)).isEqualTo(shown);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource({"-1s", "1.5s", "1 s", "s", "1d", "9999999999s", "0ms"})
    void refusesDurationsThatAreNotAWholePositiveNumberAndAUnit(String text) {
        assertThatThrownBy(() -> ValueTypes.duration().parse(List.of(text)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("\n");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource({"50MB", "-1", "1.5M", "1T", "99999999999999G"})
    void refusesSizesThatAreNotAWholeNumberAndABinarySuffix(String text) {
        assertThatThrownBy(() -> ValueTypes.byteSize(0, Long.MAX_VALUE).parse(List.of(text)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
