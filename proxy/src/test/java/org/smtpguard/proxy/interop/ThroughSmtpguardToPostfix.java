package org.smtpguard.proxy.interop;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * What every client interop suite shares: the peers set up by {@code .ci/interop-setup.sh}, and
 * smtpguard (the jar, as a process) in front of Postfix's STARTTLS port for the whole class.
 */
@Timeout(180)
abstract class ThroughSmtpguardToPostfix {

    /** How long one client run may take. */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);

    static InteropPeers peers;
    static SmtpguardProcess proxy;

    @BeforeAll
    static void startSmtpguard() throws InterruptedException {
        peers = InteropPeers.load();
        proxy = SmtpguardProcess.start(peers, peers.starttlsPort());
    }

    @AfterAll
    static void stopSmtpguard() {
        if (proxy != null) {
            proxy.close();
            proxy = null;
        }
    }
}
