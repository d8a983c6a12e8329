package org.smtpguard.certs;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * The names a certificate presents for its subject: DNS and IP address subject alternative
 * names, and the most specific subject common name. A subjectAltName extension that cannot be
 * parsed makes the whole set {@code malformed}, which matches nothing (rather than falling back
 * to the common name).
 */
record SubjectNames(List<String> dnsNames, List<byte[]> ipAddresses, String commonName, boolean malformed) {

    static SubjectNames of(X509Certificate certificate) {
        String commonName = mostSpecificCommonName(certificate);
        byte[] extension = certificate.getExtensionValue(Extension.subjectAlternativeName.getId());
        if (extension == null) {
            return new SubjectNames(List.of(), List.of(), commonName, false);
        }
        List<String> dns = new ArrayList<>();
        List<byte[]> ips = new ArrayList<>();
        try {
            for (GeneralName name : GeneralNames.getInstance(JcaX509ExtensionUtils.parseExtensionValue(extension))
                    .getNames()) {
                if (name.getTagNo() == GeneralName.dNSName) {
                    dns.add(((ASN1String) name.getName()).getString());
                } else if (name.getTagNo() == GeneralName.iPAddress) {
                    ips.add(ASN1OctetString.getInstance(name.getName()).getOctets());
                }
            }
        } catch (IOException | RuntimeException e) {
            return new SubjectNames(List.of(), List.of(), commonName, true);
        }
        return new SubjectNames(List.copyOf(dns), List.copyOf(ips), commonName, false);
    }

    /** The names for a message, e.g. {@code [mail.test, 192.0.2.1]}, or the CN if there are no SANs. */
    String describe() {
        if (malformed) {
            return "[unparseable subjectAltName]";
        }
        List<String> all = new ArrayList<>(dnsNames);
        ipAddresses.forEach(ip -> all.add(IpLiterals.format(ip)));
        if (all.isEmpty() && commonName != null) {
            all.add("CN=" + commonName);
        }
        return OneLine.peerText(all);
    }

    private static String mostSpecificCommonName(X509Certificate certificate) {
        try {
            X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
            String last = null;
            for (RDN rdn : subject.getRDNs()) {
                for (AttributeTypeAndValue value : rdn.getTypesAndValues()) {
                    if (value.getType().equals(BCStyle.CN)) {
                        last = text(value.getValue());
                    }
                }
            }
            return last;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String text(ASN1Encodable value) {
        return value instanceof ASN1String s ? s.getString() : null;
    }
}
