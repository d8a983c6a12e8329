package org.smtpguard.policy.mtasts;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code _mta-sts.<domain>} TXT record of a policy domain (RFC 8461 §3.1), e.g.
 * {@code v=STSv1; id=20261123T0001}: it says the domain has a policy and names its version by
 * {@link #id()}, which changes whenever the policy file changes.
 */
public record StsTxtRecord(String id) {

    /** The only version this code (and RFC 8461) knows. */
    public static final String VERSION_FIELD = "v=STSv1";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9]{1,32}");
    private static final Pattern EXT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");
    private static final Pattern EXT_VALUE = Pattern.compile("[\\x21-\\x3A\\x3C\\x3E-\\x7E]+");

    public StsTxtRecord {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("an MTA-STS id is 1 to 32 letters and digits");
        }
    }

    /**
     * The policy record among all TXT records found at {@code _mta-sts.<domain>} (each record's
     * strings already joined). Records that do not start with {@code v=STSv1} are discarded; if not
     * exactly one is left, or that one is invalid, the domain has no available policy (RFC 8461 §3.1).
     */
    public static Optional<StsTxtRecord> select(List<String> records) {
        List<String> candidates = records.stream().filter(StsTxtRecord::startsWithVersion).toList();
        if (candidates.size() != 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(candidates.get(0)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Parses one record: {@code v=STSv1} first, then fields separated by {@code ;} (spaces and tabs
     * around it allowed), an optional trailing {@code ;}. Unknown fields are ignored; of repeated
     * {@code id} fields the first counts.
     *
     * @throws IllegalArgumentException naming what is wrong (never quoting the record)
     */
    public static StsTxtRecord parse(String record) {
        String[] parts = record.split(";", -1);
        if (!stripWsp(parts[0]).equals(VERSION_FIELD) || parts[0].startsWith(" ") || parts[0].startsWith("\t")) {
            throw new IllegalArgumentException("an MTA-STS record starts with " + VERSION_FIELD);
        }
        String id = null;
        int fields = 0;
        for (int i = 1; i < parts.length; i++) {
            String field = stripWsp(parts[i]);
            if (field.isEmpty() && i == parts.length - 1 && fields > 0) {
                break; // one trailing separator
            }
            int eq = field.indexOf('=');
            if (eq < 0 || !EXT_NAME.matcher(field.substring(0, eq)).matches()
                    || !EXT_VALUE.matcher(field.substring(eq + 1)).matches()) {
                throw new IllegalArgumentException("field " + (i + 1) + " of the MTA-STS record is not name=value");
            }
            fields++;
            if (id == null && field.substring(0, eq).equals("id")) {
                id = field.substring(eq + 1);
                if (!ID.matcher(id).matches()) {
                    throw new IllegalArgumentException("the MTA-STS id must be 1 to 32 letters and digits");
                }
            }
        }
        if (id == null) {
            throw new IllegalArgumentException("the MTA-STS record has no id");
        }
        return new StsTxtRecord(id);
    }

    private static boolean startsWithVersion(String record) {
        if (!record.startsWith(VERSION_FIELD)) {
            return false;
        }
        String rest = record.substring(VERSION_FIELD.length());
        return rest.isEmpty() || rest.charAt(0) == ';' || rest.charAt(0) == ' ' || rest.charAt(0) == '\t';
    }

    private static String stripWsp(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isWsp(text.charAt(start))) {
            start++;
        }
        while (end > start && isWsp(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isWsp(char c) {
        return c == ' ' || c == '\t';
    }
}
