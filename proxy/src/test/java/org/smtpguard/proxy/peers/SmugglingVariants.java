package org.smtpguard.proxy.peers;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * The known SMTP-smuggling end-of-data look-alikes, and the reference for what an upstream must
 * receive when a client puts one inside its message. Shared by {@link SmtpSmugglingIT} (SubEthaSMTP)
 * and the Postfix interop suite.
 */
public final class SmugglingVariants {

    /** Name and bytes of each variant; each goes between a line's text and a would-be smuggled transaction. */
    public static final List<String[]> ALL = List.of(
            new String[] {"bare LF", "\n.\n"}, new String[] {"bare CR", "\r.\r"}, new String[] {"LF dot CR", "\n.\r"},
            new String[] {"CR dot LF", "\r.\n"}, new String[] {"CRLF dot LF", "\r\n.\n"},
            new String[] {"LF dot CRLF", "\n.\r\n"}, new String[] {"CR dot CRLF", "\r.\r\n"},
            new String[] {"CRLF dot CR", "\r\n.\r"}, new String[] {"CRLF dot CR CR", "\r\n.\r\r"},
            new String[] {"LF dot LF CRLF", "\n.\n\r\n"}, new String[] {"mixed", "\n.\r\n.\n\r.\r\r\n.\n"},
            new String[] {"dot NUL", "\r\n.\0\r\n"}, new String[] {"stuffed dot then bare LF", "\r\n..\n"});

    /** The transaction a client would hide after the look-alike. */
    public static final String SMUGGLED = "MAIL FROM:<ceo@victim.test>\r\nRCPT TO:<bob@upstream.test>\r\nDATA\r\n"
            + "Subject: smuggled\r\n\r\npay the invoice\r\n";

    private SmugglingVariants() {
    }

    /**
     * What a receiver that ends data only at CRLF "." CRLF, and turns each bare CR or LF into a line
     * end, takes as the message whose content (before the terminator's ".") is {@code content}: every
     * line ends in CRLF; a line that follows a CRLF (or starts the message) loses one leading "." (the
     * client's dot-stuffing), except a line that is only "." and ends in a bare CR or LF, which is
     * content as it is.
     */
    public static byte[] expectedAtUpstream(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean afterBare = false;
        int i = 0;
        while (i < content.length) {
            int j = i;
            while (j < content.length && content[j] != '\r' && content[j] != '\n') {
                j++;
            }
            boolean crlf = j + 1 < content.length && content[j] == '\r' && content[j + 1] == '\n';
            byte[] line = Arrays.copyOfRange(content, i, j);
            if (!afterBare && line.length > 0 && line[0] == '.' && !(line.length == 1 && !crlf)) {
                line = Arrays.copyOfRange(line, 1, line.length);
            }
            out.writeBytes(line);
            out.write('\r');
            out.write('\n');
            afterBare = !crlf;
            i = crlf ? j + 2 : j + 1;
        }
        return out.toByteArray();
    }
}
