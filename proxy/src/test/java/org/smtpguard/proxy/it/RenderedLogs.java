package org.smtpguard.proxy.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.smtpguard.proxy.log.LogFormats;

/**
 * The log as an operator reads it, in both formats at once: the bytes the text encoder of
 * logback.xml and the JSON encoder of {@code --log-format json} write for the same events. smtpguard's
 * loggers are lowered to TRACE meanwhile, so that debug lines are searched too.
 */
final class RenderedLogs implements AutoCloseable {

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger smtpguard = context.getLogger("smtpguard");
    private final Level previousLevel = smtpguard.getLevel();
    private final ByteArrayOutputStream textBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream jsonBytes = new ByteArrayOutputStream();
    private final OutputStreamAppender<ILoggingEvent> text;
    private final OutputStreamAppender<ILoggingEvent> json;

    RenderedLogs() {
        PatternLayoutEncoder textEncoder = new PatternLayoutEncoder();
        textEncoder.setContext(context);
        textEncoder.setPattern(consolePattern());
        textEncoder.start();
        text = appender("it-text", textEncoder, textBytes);
        json = appender("it-json", LogFormats.jsonEncoder(context), jsonBytes);
        smtpguard.setLevel(Level.TRACE);
    }

    /** The pattern of logback.xml's console appender: the text format exactly as shipped. */
    private String consolePattern() {
        var console = (OutputStreamAppender<ILoggingEvent>) root.getAppender(LogFormats.CONSOLE_APPENDER);
        return ((PatternLayoutEncoder) console.getEncoder()).getPattern();
    }

    private OutputStreamAppender<ILoggingEvent> appender(String name, Encoder<ILoggingEvent> encoder,
                                                         ByteArrayOutputStream out) {
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.start();
        root.addAppender(appender);
        return appender;
    }

    /** The text output so far, as lines. */
    List<String> textLines() {
        return lines(textBytes);
    }

    /** The JSON output so far, as lines. */
    List<String> jsonLines() {
        return lines(jsonBytes);
    }

    /** Whole lines only (an appender writes an event's bytes in one write to the synchronized stream). */
    private static List<String> lines(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** Everything written so far in both formats (for searching secrets). */
    String everything() {
        return String.join("\n", textLines()) + "\n" + String.join("\n", jsonLines());
    }

    @Override
    public void close() {
        root.detachAppender(text);
        root.detachAppender(json);
        text.stop();
        json.stop();
        smtpguard.setLevel(previousLevel);
    }
}
