package org.smtpguard.proxy.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.nio.charset.StandardCharsets;
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
    void textWritesALoggedExceptionAndItsCauseOnTheEventsOneLineWithoutFrames() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger logger = context.getLogger("check");
        Exception failure = new java.io.IOException("cannot write\nthe report", new IllegalStateException("disk full"));

        String withFailure = new String(shipped.encode(new LoggingEvent("x", logger, Level.WARN, "report failed", failure, null)),
                StandardCharsets.UTF_8);
        String without = new String(shipped.encode(new LoggingEvent("x", logger, Level.INFO, "report written", null, null)),
                StandardCharsets.UTF_8);

        assertThat(withFailure).endsWith(" WARN  check report failed java.io.IOException: cannot write the report "
                + "Caused by: java.lang.IllegalStateException: disk full" + System.lineSeparator());
        assertThat(withFailure.strip()).doesNotContain("\n").doesNotContain("\tat ");
        assertThat(without).endsWith(" INFO  check report written" + System.lineSeparator());
    }

    @Test
    void jsonSwapsTheConsoleEncoderForLogbacksJsonEncoder() {
        LogFormats.use(LogConfig.Format.JSON);

        assertThat(console.getEncoder()).isInstanceOf(JsonEncoder.class);
        assertThat(console.isStarted()).isTrue();
    }
}
