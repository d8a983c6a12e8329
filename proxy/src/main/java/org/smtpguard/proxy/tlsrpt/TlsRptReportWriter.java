package org.smtpguard.proxy.tlsrpt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.smtpguard.policy.tlsrpt.TlsRptJson;
import org.smtpguard.policy.tlsrpt.TlsRptReport;

/**
 * Writes each TLS-RPT report as one JSON file into a directory, named as RFC 8460 §5.3 names a report
 * ({@code sender!policy-domain!begin!end!unique-id.json}), whole or not at all (written next to its
 * name, then renamed). Sending the files is left to a later step (or to the operator).
 */
public final class TlsRptReportWriter {

    private final Path directory;
    private final String organizationName;
    private final String contactInfo;
    private final String sender;

    /**
     * @param organizationName {@code organization-name} of every report
     * @param contactInfo      {@code contact-info} of every report
     * @param sender           the reporting host's name, first part of the file names
     */
    public TlsRptReportWriter(Path directory, String organizationName, String contactInfo, String sender) {
        this.directory = directory;
        this.organizationName = organizationName;
        this.contactInfo = contactInfo;
        this.sender = sender;
    }

    /** Writes one report; returns its file. */
    public Path write(TlsRptReport report) throws IOException {
        String id = UUID.randomUUID().toString();
        String json = TlsRptJson.render(report, new TlsRptJson.Reporter(organizationName, contactInfo, id));
        Files.createDirectories(directory);
        Path target = directory.resolve(report.fileName(sender, id));
        Path temporary = Files.createTempFile(directory, ".tlsrpt-", ".tmp");
        try {
            Files.writeString(temporary, json, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        return target;
    }
}
