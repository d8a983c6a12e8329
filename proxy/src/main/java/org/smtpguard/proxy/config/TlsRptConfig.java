package org.smtpguard.proxy.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS-RPT (RFC 8460) reports: where the daily JSON reports are written, and who they say reports.
 *
 * @param directory    where reports are written; empty: no sessions are counted, no reports written
 * @param organization {@code organization-name} in every report
 * @param contact      {@code contact-info} in every report
 */
public record TlsRptConfig(Optional<Path> directory, String organization, String contact) {

    public TlsRptConfig {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(contact, "contact");
    }

    /** No reports; the names a report would carry, derived from {@code greetingName}. */
    public static TlsRptConfig off(String greetingName) {
        return new TlsRptConfig(Optional.empty(), greetingName, "postmaster@" + greetingName);
    }

    public TlsRptConfig withDirectory(Path newDirectory) {
        return new TlsRptConfig(Optional.of(newDirectory), organization, contact);
    }
}
