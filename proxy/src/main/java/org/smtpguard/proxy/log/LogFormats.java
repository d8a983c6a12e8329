package org.smtpguard.proxy.log;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;
import org.smtpguard.proxy.config.LogConfig;

/**
 * The format of the lines on standard output. {@code text} is the encoder of logback.xml
 * ({@code name key=value…}); {@code json} replaces it with Logback's own {@link JsonEncoder}: one
 * object per line with timestamp, level, loggerName, message (the event name) and kvpList (the
 * fields), nothing else of the JVM's (no thread names, no arguments, no context properties).
 */
public final class LogFormats {

    /** The console appender of logback.xml. */
    public static final String CONSOLE_APPENDER = "STDOUT";

    private LogFormats() {
    }

    /** Switches standard output to {@code format} (text is what logback.xml already set up). */
    public static void use(LogConfig.Format format) {
        if (format == LogConfig.Format.TEXT
                || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Appender<ILoggingEvent> appender = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                .getAppender(CONSOLE_APPENDER);
        if (appender instanceof OutputStreamAppender<ILoggingEvent> console) {
            console.stop();
            console.setEncoder(jsonEncoder(context));
            console.start();
        }
    }

    /** Logback's JsonEncoder with the attributes smtpguard writes, started. */
    public static Encoder<ILoggingEvent> jsonEncoder(Context context) {
        JsonEncoder json = new JsonEncoder();
        json.setContext(context);
        json.setWithSequenceNumber(false);
        json.setWithNanoseconds(false);
        json.setWithThreadName(false);
        json.setWithContext(false);
        json.setWithMarkers(false);
        json.setWithMDC(false);
        json.setWithArguments(false);
        json.setWithFormattedMessage(false);
        json.setWithMessage(true);
        json.setWithKVPList(true);
        json.setWithThrowable(true);
        json.start();
        return json;
    }
}
