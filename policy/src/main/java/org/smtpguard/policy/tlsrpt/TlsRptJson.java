package org.smtpguard.policy.tlsrpt;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Writes a {@link TlsRptReport} as the JSON of RFC 8460 §4.4, pretty-printed, keys in the RFC's order. */
public final class TlsRptJson {

    private TlsRptJson() {
    }

    /** Who reports and how to tell this report apart. */
    public record Reporter(String organizationName, String contactInfo, String reportId) {
    }

    public static String render(TlsRptReport report, Reporter reporter) {
        StringBuilder out = new StringBuilder(512);
        out.append("{\n");
        field(out, 1, "organization-name", reporter.organizationName()).append(",\n");
        indent(out, 1).append("\"date-range\": {\n");
        field(out, 2, "start-datetime", rfc3339(report.start())).append(",\n");
        field(out, 2, "end-datetime", rfc3339(report.end())).append('\n');
        indent(out, 1).append("},\n");
        field(out, 1, "contact-info", reporter.contactInfo()).append(",\n");
        field(out, 1, "report-id", reporter.reportId()).append(",\n");
        indent(out, 1).append("\"policies\": [");
        String separator = "\n";
        for (TlsRptReport.PolicyResult result : report.policies()) {
            out.append(separator);
            policyResult(out, result);
            separator = ",\n";
        }
        out.append('\n');
        indent(out, 1).append("]\n}\n");
        return out.toString();
    }

    private static void policyResult(StringBuilder out, TlsRptReport.PolicyResult result) {
        TlsRptPolicy policy = result.policy();
        indent(out, 2).append("{\n");
        indent(out, 3).append("\"policy\": {\n");
        field(out, 4, "policy-type", policy.type().reportName()).append(",\n");
        if (!policy.policyStrings().isEmpty()) {
            list(out, 4, "policy-string", policy.policyStrings()).append(",\n");
        }
        field(out, 4, "policy-domain", policy.policyDomain());
        if (!policy.mxHosts().isEmpty()) {
            out.append(",\n");
            list(out, 4, "mx-host", policy.mxHosts());
        }
        out.append('\n');
        indent(out, 3).append("},\n");
        indent(out, 3).append("\"summary\": {\n");
        indent(out, 4).append("\"total-successful-session-count\": ").append(result.successfulSessions()).append(",\n");
        indent(out, 4).append("\"total-failure-session-count\": ").append(result.failedSessions()).append('\n');
        indent(out, 3).append('}');
        if (!result.failures().isEmpty()) {
            out.append(",\n");
            indent(out, 3).append("\"failure-details\": [");
            String separator = "\n";
            for (Map.Entry<TlsRptFailure, Long> failure : result.failures().entrySet()) {
                out.append(separator);
                failureDetail(out, failure.getKey(), failure.getValue());
                separator = ",\n";
            }
            out.append('\n');
            indent(out, 3).append(']');
        }
        out.append('\n');
        indent(out, 2).append('}');
    }

    private static void failureDetail(StringBuilder out, TlsRptFailure failure, long count) {
        indent(out, 4).append("{\n");
        field(out, 5, "result-type", failure.resultType().reportName()).append(",\n");
        optional(out, "sending-mta-ip", failure.sendingMtaIp());
        optional(out, "receiving-mx-hostname", failure.receivingMxHostname());
        optional(out, "receiving-ip", failure.receivingIp());
        indent(out, 5).append("\"failed-session-count\": ").append(count);
        if (failure.additionalInformation().isPresent()) {
            out.append(",\n");
            field(out, 5, "additional-information", failure.additionalInformation().get());
        }
        out.append('\n');
        indent(out, 4).append('}');
    }

    private static void optional(StringBuilder out, String name, Optional<String> value) {
        value.ifPresent(v -> field(out, 5, name, v).append(",\n"));
    }

    private static StringBuilder field(StringBuilder out, int depth, String name, String value) {
        return string(indent(out, depth).append('"').append(name).append("\": "), value);
    }

    private static StringBuilder list(StringBuilder out, int depth, String name, List<String> values) {
        indent(out, depth).append('"').append(name).append("\": [");
        for (int i = 0; i < values.size(); i++) {
            string(out.append(i == 0 ? "" : ", "), values.get(i));
        }
        return out.append(']');
    }

    private static StringBuilder indent(StringBuilder out, int depth) {
        return out.append("  ".repeat(depth));
    }

    /** A JSON string: quotes, backslashes and every control character escaped. */
    static StringBuilder string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !validSurrogate(value, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    private static boolean validSurrogate(String value, int i) {
        char c = value.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
    }

    private static String rfc3339(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
