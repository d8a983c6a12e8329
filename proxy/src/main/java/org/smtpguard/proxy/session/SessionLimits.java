package org.smtpguard.proxy.session;

/** The bounds the session enforces itself (the codecs and timers enforce the others). */
public record SessionLimits(long messageSize, int pipelineDepth, int errors) {

    public SessionLimits {
        if (messageSize <= 0 || pipelineDepth <= 0 || errors <= 0) {
            throw new IllegalArgumentException("session limits must be positive");
        }
    }
}
