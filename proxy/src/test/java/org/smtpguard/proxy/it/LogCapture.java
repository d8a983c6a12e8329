package org.smtpguard.proxy.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.smtpguard.proxy.log.KeyValueText;

/**
 * Captures every log event of the JVM while open: a Logback {@link ListAppender} on the root logger,
 * with smtpguard's own loggers (all under {@code smtpguard}) lowered to TRACE so that debug lines are
 * searched too. {@link #lines()} renders each event as the one line an operator would read, plus the
 * class and message of any attached exception and its causes.
 */
final class LogCapture implements AutoCloseable {

    private static final String SMTPGUARD_LOGGERS = "smtpguard";

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root;
    private final Logger smtpguard;
    private final Level previousLevel;

    private LogCapture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        smtpguard = context.getLogger(SMTPGUARD_LOGGERS);
        previousLevel = smtpguard.getLevel();
        appender.setContext(context);
        appender.setName("it-log-capture");
        appender.start();
        root.addAppender(appender);
        smtpguard.setLevel(Level.TRACE);
    }

    static LogCapture start() {
        return new LogCapture();
    }

    /** The events so far, one line each: {@code LEVEL logger message [exception: message …]}. */
    List<String> lines() {
        List<ILoggingEvent> events;
        synchronized (appender) { // AppenderBase appends under this lock
            events = new ArrayList<>(appender.list);
        }
        List<String> lines = new ArrayList<>(events.size());
        for (ILoggingEvent event : events) {
            StringBuilder line = new StringBuilder()
                    .append(event.getLevel()).append(' ').append(event.getLoggerName()).append(' ')
                    .append(event.getFormattedMessage()).append(KeyValueText.render(event.getKeyValuePairs()));
            event.getMDCPropertyMap().forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
            }
            lines.add(line.toString());
        }
        return lines;
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
        smtpguard.setLevel(previousLevel);
    }
}
