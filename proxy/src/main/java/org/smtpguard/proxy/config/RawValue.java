package org.smtpguard.proxy.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A key's value as one layer wrote it, not yet parsed: one item, or the items of a list. */
record RawValue(List<String> items, Source source) {

    RawValue {
        items = List.copyOf(items);
        Objects.requireNonNull(source, "source");
    }

    /** A text as the environment or a YAML scalar writes it: a list key splits it at commas; blank is the empty list. */
    static RawValue ofText(ConfigKey<?> key, String text, Source source) {
        if (!key.type().isList()) {
            return new RawValue(List.of(text), source);
        }
        if (text.isBlank()) {
            return new RawValue(List.of(), source);
        }
        return new RawValue(new ArrayList<>(List.of(text.split(",", -1))), source);
    }

    /** The whole value as one text, for error messages. */
    String text() {
        return String.join(",", items);
    }
}
