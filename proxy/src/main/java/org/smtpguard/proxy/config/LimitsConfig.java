package org.smtpguard.proxy.config;

/**
 * Bounds on everything a peer controls (DESIGN rule 2). The ranges an operator may choose are
 * declared with the keys in {@link ConfigKeys}; the constructor only rejects nonsense.
 *
 * @param commandLine  longest client command line, bytes without the CRLF
 * @param authLine     longest AUTH (continuation) line, bytes without the CRLF
 * @param messageSize  largest message, bytes
 * @param pipelineDepth most client commands awaiting a reply
 * @param errors       client errors before disconnecting
 * @param replyLine    longest upstream reply line, bytes without the CRLF
 * @param replyLines   most lines in one upstream reply
 * @param replyBytes   most bytes in one upstream reply
 * @param dataMinRate  slowest accepted message data, bytes per second; 0: no minimum
 * @param clientConnections            most client connections open at once, all listeners together
 * @param clientConnectionsPerAddress  most client connections open at once from one IP address
 */
public record LimitsConfig(int commandLine, int authLine, long messageSize, int pipelineDepth, int errors,
        int replyLine, int replyLines, int replyBytes, long dataMinRate, int clientConnections,
        int clientConnectionsPerAddress) {

    /** The bounds above with the default connection limits. */
    public LimitsConfig(int commandLine, int authLine, long messageSize, int pipelineDepth, int errors,
            int replyLine, int replyLines, int replyBytes, long dataMinRate) {
        this(commandLine, authLine, messageSize, pipelineDepth, errors, replyLine, replyLines, replyBytes,
                dataMinRate, ConfigKeys.LIMITS_CLIENT_CONNECTIONS.parsedDefault(),
                ConfigKeys.LIMITS_CLIENT_CONNECTIONS_PER_ADDRESS.parsedDefault());
    }

    /** These bounds with other connection limits. */
    public LimitsConfig withClientConnections(int total, int perAddress) {
        return new LimitsConfig(commandLine, authLine, messageSize, pipelineDepth, errors, replyLine, replyLines,
                replyBytes, dataMinRate, total, perAddress);
    }

    public LimitsConfig {
        positive("commandLine", commandLine);
        positive("authLine", authLine);
        positive("messageSize", messageSize);
        positive("pipelineDepth", pipelineDepth);
        positive("errors", errors);
        positive("replyLine", replyLine);
        positive("replyLines", replyLines);
        positive("replyBytes", replyBytes);
        positive("clientConnections", clientConnections);
        positive("clientConnectionsPerAddress", clientConnectionsPerAddress);
        if (dataMinRate < 0) {
            throw new IllegalArgumentException("dataMinRate must be 0 or more: " + dataMinRate);
        }
    }

    /** The defaults of the {@code limits.*} keys. */
    public static LimitsConfig defaults() {
        return new LimitsConfig(
                ConfigKeys.LIMITS_COMMAND_LINE.parsedDefault(),
                ConfigKeys.LIMITS_AUTH_LINE.parsedDefault(),
                ConfigKeys.LIMITS_MESSAGE_SIZE.parsedDefault(),
                ConfigKeys.LIMITS_PIPELINE_DEPTH.parsedDefault(),
                ConfigKeys.LIMITS_ERRORS.parsedDefault(),
                ConfigKeys.LIMITS_REPLY_LINE.parsedDefault(),
                ConfigKeys.LIMITS_REPLY_LINES.parsedDefault(),
                ConfigKeys.LIMITS_REPLY_BYTES.parsedDefault(),
                ConfigKeys.LIMITS_DATA_MIN_RATE.parsedDefault(),
                ConfigKeys.LIMITS_CLIENT_CONNECTIONS.parsedDefault(),
                ConfigKeys.LIMITS_CLIENT_CONNECTIONS_PER_ADDRESS.parsedDefault());
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be greater than 0: " + value);
        }
    }
}
