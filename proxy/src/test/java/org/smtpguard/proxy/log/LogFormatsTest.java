package org.smtpguard.proxy.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.smtpguard.proxy.config.LogConfig;

/** {@code --log-format}: text keeps logback.xml's encoder, json swaps in Logback's JsonEncoder. */
class LogFormatsTest {

    private OutputStreamAppender<ILoggingEvent> console;
    private Encoder<ILoggingEvent> shipped;

    @BeforeEach
    void findConsole() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        console = (OutputStreamAppender<ILoggingEvent>) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                .getAppender(LogFormats.CONSOLE_APPENDER);
        shipped = console.getEncoder();
    }

    @AfterEach
    void restore() {
        console.stop();
        console.setEncoder(shipped);
        console.start();
    }

    @Test
    void textKeepsThePatternOfLogbackXmlWithTheEventFields() {
        LogFormats.use(LogConfig.Format.TEXT);

        assertThat(console.getEncoder()).isSameAs(shipped).isInstanceOf(PatternLayoutEncoder.class);
        assertThat(((PatternLayoutEncoder) shipped).getPattern()).contains("%msg%kv");
    }

    @Test
    void jsonSwapsTheConsoleEncoderForLogbacksJsonEncoder() {
        LogFormats.use(LogConfig.Format.JSON);

        assertThat(console.getEncoder()).isInstanceOf(JsonEncoder.class);
        assertThat(console.isStarted()).isTrue();
    }
}
