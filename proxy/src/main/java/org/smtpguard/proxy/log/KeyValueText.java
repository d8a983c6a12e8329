package org.smtpguard.proxy.log;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.List;
import org.slf4j.event.KeyValuePair;

/**
 * {@code %kv} in the text pattern: an event's fields as {@code " key=value"} each, in the order they
 * were added; a {@link QuotedValue} in double quotes. The JSON format shows the same fields as its
 * {@code kvpList}, so both formats carry the same events and fields.
 */
public final class KeyValueText extends ClassicConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return render(event.getKeyValuePairs());
    }

    /** The fields as text, each with a leading space; empty for none. */
    public static String render(List<KeyValuePair> pairs) {
        if (pairs == null || pairs.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (KeyValuePair pair : pairs) {
            out.append(' ').append(pair.key).append('=');
            if (pair.value instanceof QuotedValue quoted) {
                out.append('"').append(quoted.escaped()).append('"');
            } else {
                out.append(pair.value == null ? "-" : pair.value);
            }
        }
        return out.toString();
    }
}
