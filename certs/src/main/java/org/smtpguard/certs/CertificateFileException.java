package org.smtpguard.certs;

import java.nio.file.Path;

/**
 * A certificate or key file that cannot be used. The message is one line that names the file
 * and says what is wrong, e.g. {@code /etc/x.pem: file does not exist}, so that it can be shown
 * to an operator as it is.
 */
public final class CertificateFileException extends RuntimeException {

    private final transient Path file;

    public CertificateFileException(Path file, String problem) {
        super(file + ": " + OneLine.of(problem, 200));
        this.file = file;
    }

    public CertificateFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + OneLine.of(problem, 200), cause);
        this.file = file;
    }

    /** The file the problem is about. */
    public Path file() {
        return file;
    }
}
