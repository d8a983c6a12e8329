package org.smtpguard.proxy.it;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the socket ITs share: the test PKI made once per class, and the {@link FaultyUpstream} and
 * smtpguard a test starts, both closed after each test.
 */
abstract class AgainstFaultyUpstream {

    @TempDir
    static Path certificateDirectory;
    static TestCertificates certificates;

    FaultyUpstream upstream;
    ProxyUnderTest proxy;

    @BeforeAll
    static void makeCertificates() {
        certificates = TestCertificates.createIn(certificateDirectory);
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }
}
