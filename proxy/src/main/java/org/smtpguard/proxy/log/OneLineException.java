package org.smtpguard.proxy.log;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.regex.Pattern;

/**
 * {@code %exOneLine{0}} in the text pattern: a logged exception as {@code " Class: message"} for it
 * and each cause (what {@code %ex{0}} writes, without stack frames) joined into the same line. Empty,
 * at no cost, for events that carry none: this runs for every line written, and a pattern of
 * {@code %replace} runs its regular expressions on every line.
 */
public final class OneLineException extends ThrowableProxyConverter {

    private static final Pattern LINE_BREAKS = Pattern.compile("\\s*[\\r\\n]+\\s*");

    @Override
    public String convert(ILoggingEvent event) {
        if (event.getThrowableProxy() == null) {
            return "";
        }
        String text = LINE_BREAKS.matcher(super.convert(event)).replaceAll(" ").strip();
        return text.isEmpty() ? "" : " " + text;
    }
}
