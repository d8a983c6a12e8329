package org.smtpguard.certs;

import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A set of public key pins in OkHttp's form, {@code sha256/} and the base64 SHA-256 of a
 * certificate's SubjectPublicKeyInfo ({@link Fingerprints#spkiSha256}), and the check of a
 * presented chain against them.
 *
 * <p>Two checks, for two situations:
 * <ul>
 *   <li>{@link #verifyLeaf} alone authenticates a peer (a self-signed upstream, Postfix's
 *       {@code fingerprint} level): only the leaf counts, because the TLS handshake proves the
 *       peer holds the leaf's private key and nothing about the other certificates it sends.</li>
 *   <li>{@link #verifyAnyInChain} is for a chain that {@link ChainVerifier} has already verified:
 *       then a pin of an intermediate or of the CA counts too (OkHttp's rule).</li>
 * </ul>
 * A failure says which pins the peer presented, ready to paste into the configuration.
 */
public final class SpkiPins {

    /** The only hash smtpguard pins with, as the prefix of every pin. */
    public static final String PREFIX = "sha256/";

    private static final int SHA256_BYTES = 32;

    private final Set<String> pins;

    private SpkiPins(Set<String> pins) {
        this.pins = pins;
    }

    /**
     * The pins, each {@code sha256/} and the base64 (standard alphabet, padded) of 32 bytes.
     *
     * @throws IllegalArgumentException with one line naming the first malformed pin
     */
    public static SpkiPins of(Collection<String> pins) {
        Objects.requireNonNull(pins, "pins");
        Set<String> checked = new LinkedHashSet<>();
        for (String pin : pins) {
            checked.add(requireValid(pin));
        }
        return new SpkiPins(Set.copyOf(checked));
    }

    /** True if {@code text} is a well-formed pin. */
    public static boolean isPin(String text) {
        try {
            requireValid(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The pin of a certificate's public key: {@code sha256/BASE64}. */
    public static String pinOf(X509Certificate certificate) {
        return Fingerprints.spkiSha256(certificate);
    }

    /** The pins in no particular order. */
    public Set<String> pins() {
        return pins;
    }

    public boolean isEmpty() {
        return pins.isEmpty();
    }

    /**
     * {@link VerificationOutcome#VERIFIED} if the leaf's public key is pinned, else
     * {@link VerificationOutcome#PIN_MISMATCH} (or {@link VerificationOutcome#EMPTY_CHAIN}).
     * Validity dates and names are not looked at: the pin is the whole identity.
     */
    public VerificationResult verifyLeaf(List<X509Certificate> chain) {
        if (chain == null || chain.isEmpty() || chain.get(0) == null) {
            return new VerificationResult(VerificationOutcome.EMPTY_CHAIN, "the peer presented no certificate");
        }
        String leafPin = pinOf(chain.get(0));
        if (pins.contains(leafPin)) {
            return new VerificationResult(VerificationOutcome.VERIFIED, "public key pinned: " + leafPin);
        }
        return mismatch("the certificate's public key is not pinned", chain.subList(0, 1));
    }

    /**
     * {@link VerificationOutcome#VERIFIED} if the public key of any certificate in the chain is
     * pinned, else {@link VerificationOutcome#PIN_MISMATCH}. Only for a chain that was verified
     * (PKIX, dates, name) before; on its own it would let a peer send someone else's CA.
     */
    public VerificationResult verifyAnyInChain(List<X509Certificate> verifiedChain) {
        if (verifiedChain == null || verifiedChain.isEmpty() || verifiedChain.stream().anyMatch(Objects::isNull)) {
            return new VerificationResult(VerificationOutcome.EMPTY_CHAIN, "the peer presented no certificate");
        }
        for (X509Certificate certificate : verifiedChain) {
            String pin = pinOf(certificate);
            if (pins.contains(pin)) {
                return new VerificationResult(VerificationOutcome.VERIFIED, "public key pinned: " + pin
                        + " (" + OneLine.peerText(certificate.getSubjectX500Principal().getName()) + ")");
            }
        }
        return mismatch("no public key in the certificate chain is pinned", verifiedChain);
    }

    /**
     * The pins of the certificates, in chain order, each followed by its subject:
     * {@code sha256/AbC…= CN=mx.example.com, sha256/XyZ…= CN=Example CA}. The pins can be pasted
     * as they are into {@code --upstream-pin}.
     */
    public static String describe(List<X509Certificate> chain) {
        return chain.stream()
                .map(c -> pinOf(c) + " " + OneLine.peerText(c.getSubjectX500Principal().getName()))
                .collect(Collectors.joining(", "));
    }

    private VerificationResult mismatch(String what, List<X509Certificate> considered) {
        int shown = Math.min(considered.size(), ChainVerifier.MAX_CHAIN_LENGTH);
        return new VerificationResult(VerificationOutcome.PIN_MISMATCH, what + "; presented: "
                + describe(considered.subList(0, shown)) + "; pinned: " + String.join(", ", pins.stream().sorted().toList()));
    }

    private static String requireValid(String pin) {
        if (pin == null) {
            throw new IllegalArgumentException("a pin is missing");
        }
        String shown = OneLine.peerText(pin);
        if (!pin.startsWith(PREFIX)) {
            throw new IllegalArgumentException("pin '" + shown + "' must start with " + PREFIX
                    + " (the SHA-256 of the public key, as `smtpguard certs show` prints it)");
        }
        byte[] digest;
        try {
            digest = Base64.getDecoder().decode(pin.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pin '" + shown + "' is not " + PREFIX + " followed by base64");
        }
        if (digest.length != SHA256_BYTES) {
            throw new IllegalArgumentException("pin '" + shown + "' holds " + digest.length
                    + " bytes, a SHA-256 has " + SHA256_BYTES);
        }
        return pin;
    }

    @Override
    public String toString() {
        return "SpkiPins" + pins.stream().sorted().toList();
    }
}
