package org.smtpguard.proxy.testdns;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A zone the test DNS server serves: the records of {@code src/test/resources/dns/<name>.zone}
 * (if that file exists) plus the records a test adds (those that depend on a port or a certificate
 * made at test time), signed at start (DNSSEC) or not, and optionally forged after signing.
 *
 * <p>Record lines are zone-file lines relative to the zone ({@code mx1 300 IN A 127.0.0.1}); the
 * zone's SOA and NS come from the file, or are made if there is no file.
 */
public final class TestZone {

    /** One RRset replaced after signing, so its signature no longer matches (a forged answer). */
    record Forgery(String owner, String type, String rdata) {
    }

    private final String name;
    private final boolean signed;
    private final List<String> records = new ArrayList<>();
    private final List<Forgery> forgeries = new ArrayList<>();

    private TestZone(String name, boolean signed) {
        this.name = Objects.requireNonNull(name, "name");
        this.signed = signed;
    }

    /** A zone signed with its own KSK and ZSK; its DS is in the server's trust anchor file. */
    public static TestZone signed(String name) {
        return new TestZone(name, true);
    }

    /** A zone served without signatures: its answers are insecure. */
    public static TestZone unsigned(String name) {
        return new TestZone(name, false);
    }

    /** Adds zone-file lines (relative names are relative to this zone). */
    public TestZone with(String... lines) {
        records.addAll(List.of(lines));
        return this;
    }

    /**
     * After signing, serves {@code rdata} for the {@code type} RRset of {@code owner} (relative or
     * absolute) instead of what was signed: the validator must find the answer bogus.
     */
    public TestZone forging(String owner, String type, String rdata) {
        if (!signed) {
            throw new IllegalStateException("only a signed zone can carry a forged signature");
        }
        forgeries.add(new Forgery(absolute(owner), type.toUpperCase(java.util.Locale.ROOT), rdata));
        return this;
    }

    public String name() {
        return name;
    }

    boolean isSigned() {
        return signed;
    }

    List<Forgery> forgeries() {
        return List.copyOf(forgeries);
    }

    /** The unsigned zone file: the resource's lines, or a made SOA and NS, then the added records. */
    String zoneFile() throws IOException {
        StringBuilder text = new StringBuilder();
        text.append("$ORIGIN ").append(name).append(".\n");
        try (InputStream in = TestZone.class.getResourceAsStream("/dns/" + name + ".zone")) {
            if (in != null) {
                text.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
            } else {
                text.append("$TTL 300\n@ IN SOA ns hostmaster 1 3600 600 86400 60\n@ IN NS ns\nns IN A 127.0.0.1\n");
            }
        }
        text.append("; added by the test\n");
        for (String line : records) {
            text.append(line).append('\n');
        }
        return text.toString();
    }

    /** An owner name as the signer writes it: absolute, with the trailing dot. */
    String absolute(String owner) {
        if (owner.endsWith(".")) {
            return owner;
        }
        return owner.equals("@") ? name + "." : owner + "." + name + ".";
    }
}
