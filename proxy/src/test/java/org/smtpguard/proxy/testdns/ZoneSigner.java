package org.smtpguard.proxy.testdns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Signs a {@link TestZone} with BIND's {@code dnssec-keygen} and {@code dnssec-signzone} (Debian's
 * bind9-utils) at test time, so signatures are never expired: a fresh ECDSA P-256 KSK and ZSK,
 * NSEC, one record per line ({@code -O full}) so that forgeries can replace an RRset's data.
 */
final class ZoneSigner {

    private ZoneSigner() {
    }

    /**
     * Writes the zone into {@code dir} (signed if the zone is) and returns the file NSD serves and
     * the zone's DS record ("" for an unsigned zone).
     */
    static Signed sign(TestZone zone, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path plain = Files.writeString(dir.resolve(zone.name() + ".zone"), zone.zoneFile(), StandardCharsets.UTF_8);
        if (!zone.isSigned()) {
            return new Signed(plain, "");
        }
        String keyDir = dir.toString();
        ExternalTool.run(dir, "dnssec-keygen", "-q", "-a", "ECDSAP256SHA256", "-K", keyDir, "-n", "ZONE", zone.name());
        ExternalTool.run(dir, "dnssec-keygen", "-q", "-a", "ECDSAP256SHA256", "-K", keyDir, "-f", "KSK", "-n", "ZONE",
                zone.name());
        Path signed = dir.resolve(zone.name() + ".signed");
        ExternalTool.run(dir, "dnssec-signzone", "-q", "-S", "-K", keyDir, "-d", keyDir, "-O", "full", "-o", zone.name(),
                "-f", signed.toString(), plain.toString());
        if (!zone.forgeries().isEmpty()) {
            forge(signed, zone.forgeries());
        }
        String ds = Files.readString(dir.resolve("dsset-" + zone.name() + "."), StandardCharsets.US_ASCII).strip();
        return new Signed(signed, ds);
    }

    /** The file to serve and the DS record of its KSK (zone-file form; empty if unsigned). */
    record Signed(Path file, String ds) {
    }

    /** Replaces the data of the forged RRsets (lines "owner TTL IN TYPE rdata…"), keeping their signatures. */
    private static void forge(Path signed, List<TestZone.Forgery> forgeries) throws IOException {
        List<String> out = new ArrayList<>();
        List<TestZone.Forgery> unused = new ArrayList<>(forgeries);
        for (String line : Files.readAllLines(signed, StandardCharsets.US_ASCII)) {
            String[] fields = line.trim().split("\\s+", 5);
            TestZone.Forgery forgery = fields.length == 5 ? find(forgeries, fields[0], fields[3]) : null;
            if (forgery == null) {
                out.add(line);
            } else if (unused.remove(forgery)) {
                out.add(fields[0] + " " + fields[1] + " " + fields[2] + " " + fields[3] + " " + forgery.rdata());
            }
        }
        if (!unused.isEmpty()) {
            throw new IllegalStateException("nothing to forge in the signed zone for " + unused);
        }
        Files.write(signed, out, StandardCharsets.US_ASCII);
    }

    private static TestZone.Forgery find(List<TestZone.Forgery> forgeries, String owner, String type) {
        for (TestZone.Forgery forgery : forgeries) {
            if (forgery.owner().equalsIgnoreCase(owner) && forgery.type().equals(type)) {
                return forgery;
            }
        }
        return null;
    }
}
