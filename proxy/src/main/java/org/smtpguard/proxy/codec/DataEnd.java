package org.smtpguard.proxy.codec;

/**
 * The client ended the message with CRLF "." CRLF. The terminator was not forwarded in any
 * {@link DataChunk}: the receiver writes its own {@code "\r\n.\r\n"} after the last chunk.
 *
 * @param bytes                content bytes forwarded in {@link DataChunk}s (after the fixes)
 * @param bareLineEndingsFixed bare CRs and bare LFs that were turned into CRLF
 */
public record DataEnd(long bytes, int bareLineEndingsFixed) {
}
