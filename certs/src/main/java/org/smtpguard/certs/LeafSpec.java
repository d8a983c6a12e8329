package org.smtpguard.certs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a leaf certificate should say: subject common name, subject alternative names, validity,
 * key kind and extended key usages. Immutable; the {@code with…} methods return changed copies.
 *
 * <p>An empty {@code extendedUsages} set means the certificate carries no extendedKeyUsage
 * extension at all (which RFC 5280 reads as "any usage").
 */
public record LeafSpec(
        String commonName,
        List<String> dnsNames,
        List<String> ipAddresses,
        Instant notBefore,
        Instant notAfter,
        KeyKind keyKind,
        Set<ExtendedUsage> extendedUsages) {

    public LeafSpec {
        if (commonName == null || commonName.isBlank()) {
            throw new IllegalArgumentException("a leaf certificate needs a common name");
        }
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter " + notAfter + " must be after notBefore " + notBefore);
        }
        Objects.requireNonNull(keyKind, "keyKind");
        extendedUsages = Set.copyOf(extendedUsages);
        for (String name : dnsNames) {
            if (name.isBlank() || IpLiterals.isLiteral(name)) {
                throw new IllegalArgumentException("not a DNS name: '" + OneLine.peerText(name) + "'");
            }
        }
        for (String address : ipAddresses) {
            if (!IpLiterals.isLiteral(address)) {
                throw new IllegalArgumentException("not an IP address literal: '" + OneLine.peerText(address) + "'");
            }
        }
    }

    /**
     * A server certificate for {@code names}, valid from {@code now} for {@code validity}, with an
     * EC P-256 key and extendedKeyUsage serverAuth. The first name is also the common name. Names
     * that are IPv4 or IPv6 literals become IP address SANs (recognised without any DNS lookup),
     * the others DNS name SANs.
     */
    public static LeafSpec forNames(Instant now, Duration validity, String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("a leaf certificate needs at least one name");
        }
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        for (String name : names) {
            Objects.requireNonNull(name, "name");
            (IpLiterals.isLiteral(name) ? ips : dns).add(name);
        }
        return new LeafSpec(names[0], dns, ips, now, now.plus(validity), KeyKind.EC_P256,
                EnumSet.of(ExtendedUsage.SERVER_AUTH));
    }

    public LeafSpec withValidity(Instant notBefore, Instant notAfter) {
        return new LeafSpec(commonName, dnsNames, ipAddresses, notBefore, notAfter, keyKind, extendedUsages);
    }

    public LeafSpec withKeyKind(KeyKind keyKind) {
        return new LeafSpec(commonName, dnsNames, ipAddresses, notBefore, notAfter, keyKind, extendedUsages);
    }

    /** The given usages instead of the current ones; none means no extendedKeyUsage extension. */
    public LeafSpec withExtendedUsages(ExtendedUsage... usages) {
        return new LeafSpec(commonName, dnsNames, ipAddresses, notBefore, notAfter, keyKind, Set.of(usages));
    }

    /** The same names in the SANs, but {@code commonName} as the subject CN. */
    public LeafSpec withCommonName(String commonName) {
        return new LeafSpec(commonName, dnsNames, ipAddresses, notBefore, notAfter, keyKind, extendedUsages);
    }

    /** No subject alternative names at all: only the subject CN names the host (legacy form). */
    public LeafSpec withoutAlternativeNames() {
        return new LeafSpec(commonName, List.of(), List.of(), notBefore, notAfter, keyKind, extendedUsages);
    }
}
