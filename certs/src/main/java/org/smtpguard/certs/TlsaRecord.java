package org.smtpguard.certs;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One TLSA record (RFC 6698 §2.1): certificate usage, selector, matching type and the
 * association data, as found in DNS. Values outside the assigned ranges are kept (RFC 7672 §3.1.3
 * says such records are "unusable", not errors); {@link #isUsableForSmtp()} tells them apart.
 */
public record TlsaRecord(int usage, int selector, int matchingType, byte[] data) {

    /** DANE-TA(2): the data names a trust anchor of the chain (RFC 7218). */
    public static final int USAGE_DANE_TA = 2;
    /** DANE-EE(3): the data names the end-entity certificate or key. */
    public static final int USAGE_DANE_EE = 3;
    /** Cert(0): the full certificate. */
    public static final int SELECTOR_CERT = 0;
    /** SPKI(1): the SubjectPublicKeyInfo. */
    public static final int SELECTOR_SPKI = 1;
    /** Full(0): the data is the selected content itself. */
    public static final int MATCHING_FULL = 0;
    /** SHA2-256(1). */
    public static final int MATCHING_SHA256 = 1;
    /** SHA2-512(2). */
    public static final int MATCHING_SHA512 = 2;

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    public TlsaRecord {
        byteRange("usage", usage);
        byteRange("selector", selector);
        byteRange("matchingType", matchingType);
        data = data.clone();
    }

    /** The association data (a copy). */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /**
     * True for the records SMTP uses (RFC 7672 §3.1.1-§3.1.3): usage DANE-TA(2) or DANE-EE(3),
     * selector 0 or 1, matching type 0, 1 or 2. PKIX-TA(0) and PKIX-EE(1) are unusable for SMTP.
     */
    public boolean isUsableForSmtp() {
        return (usage == USAGE_DANE_TA || usage == USAGE_DANE_EE)
                && (selector == SELECTOR_CERT || selector == SELECTOR_SPKI)
                && matchingType >= MATCHING_FULL && matchingType <= MATCHING_SHA512;
    }

    /** The presentation form, e.g. {@code 3 1 1 0A1B…} (data in upper-case hex). */
    @Override
    public String toString() {
        return usage + " " + selector + " " + matchingType + " " + HEX.formatHex(data);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TlsaRecord that && usage == that.usage && selector == that.selector
                && matchingType == that.matchingType && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * usage + selector) + matchingType) + Arrays.hashCode(data);
    }

    private static void byteRange(String name, int value) {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException(name + " out of range 0-255: " + value);
        }
    }
}
