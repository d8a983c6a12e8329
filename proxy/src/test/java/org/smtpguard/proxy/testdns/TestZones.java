package org.smtpguard.proxy.testdns;

import java.util.List;

/**
 * The standard test zones (files in {@code src/test/resources/dns/}): {@code dane.test} signed,
 * {@code bogus.test} signed then forged, {@code plain.test} unsigned. Each call makes a fresh
 * zone, so a test may add its own records: {@code TestZones.dane().with("_2525._tcp.mx-good IN TLSA …")}.
 */
public final class TestZones {

    /** What the forged TLSA of {@code _25._tcp.mx.bogus.test} says instead of what was signed. */
    public static final String FORGED_TLSA = "3 1 1 " + "33".repeat(32);

    private TestZones() {
    }

    /** dane.test, DNSSEC-signed: MX, A, TLSA (good, wrong, missing), _mta-sts and _smtp._tls TXT. */
    public static TestZone dane() {
        return TestZone.signed("dane.test");
    }

    /** bogus.test, signed, with the TLSA of {@code _25._tcp.mx} forged after signing. */
    public static TestZone bogus() {
        return TestZone.signed("bogus.test").forging("_25._tcp.mx", "TLSA", FORGED_TLSA);
    }

    /** plain.test, unsigned: MX, A, TLSA, _mta-sts TXT, all insecure. */
    public static TestZone plain() {
        return TestZone.unsigned("plain.test");
    }

    /** The three zones as they are in the files. */
    public static List<TestZone> standard() {
        return List.of(dane(), bogus(), plain());
    }
}
