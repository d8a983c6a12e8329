package org.smtpguard.proxy.tlsrpt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.policy.mtasts.CachedStsPolicy;
import org.smtpguard.policy.mtasts.StsPolicyParser;
import org.smtpguard.policy.tls.AppliedTls;
import org.smtpguard.policy.tlsrpt.TlsRptPolicy;
import org.smtpguard.policy.tlsrpt.TlsRptResultType;
import org.smtpguard.proxy.config.HostPort;
import org.smtpguard.proxy.config.UpstreamTlsMode;
import org.smtpguard.proxy.mtasts.StsLookup;
import org.smtpguard.proxy.session.SessionListener;
import org.smtpguard.proxy.session.UpstreamTls;
import org.smtpguard.proxy.upstream.UpstreamTarget;

/** One count per session, of the right kind, written into the day's report file. */
class TlsRptSessionListenerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
    private static final UpstreamTarget TARGET = new UpstreamTarget(new HostPort("192.0.2.25", 25),
            UpstreamTlsMode.STARTTLS, "MX.Example.com");
    private static final UpstreamTls TLS = new UpstreamTls("TLSv1.3", "TLS_AES_128_GCM_SHA256", Optional.empty());

    @TempDir
    Path dir;

    private TlsRptRecorder recorder() {
        return TlsRptRecorder.writingTo(new TlsRptReportWriter(dir, "smtpguard.test", "postmaster@smtpguard.test",
                "smtpguard.test"), CLOCK);
    }

    private String report(TlsRptRecorder recorder) throws Exception {
        List<Path> files = recorder.writeAll();
        assertThat(files).hasSize(1);
        assertThat(files.get(0).getFileName().toString())
                .matches("smtpguard\\.test!mx\\.example\\.com!1795392000!1795478399![0-9a-f-]{36}\\.json");
        return Files.readString(files.get(0));
    }

    @Test
    void countsAVerifiedSessionAsASuccessOnce() throws Exception {
        TlsRptRecorder recorder = recorder();
        SessionListener session = TlsRptSessionListener.forTarget(recorder, TARGET);
        session.upstreamVerified(TLS);
        session.upstreamVerified(TLS);
        TlsRptSessionListener.forTarget(recorder, TARGET).upstreamVerified(TLS);

        String json = report(recorder);
        assertThat(json).contains("\"policy-type\": \"no-policy-found\"", "\"policy-domain\": \"mx.example.com\"",
                "\"total-successful-session-count\": 2", "\"total-failure-session-count\": 0");
    }

    @Test
    void countsATlsRefusalByItsResultTypeAndIgnoresOtherRefusals() throws Exception {
        TlsRptRecorder recorder = recorder();
        TlsRptSessionListener.forTarget(recorder, TARGET).upstreamRefused(RefusalReason.CERT_EXPIRED, "x");
        TlsRptSessionListener.forTarget(recorder, TARGET).upstreamRefused(RefusalReason.CONNECT_FAILED, "x");
        TlsRptSessionListener.forTarget(recorder, TARGET).upstreamVerified(TLS);

        String json = report(recorder);
        assertThat(json).contains("\"total-successful-session-count\": 1", "\"total-failure-session-count\": 1",
                "\"result-type\": \"certificate-expired\"", "\"receiving-mx-hostname\": \"mx.example.com\"",
                "\"receiving-ip\": \"192.0.2.25\"", "\"failed-session-count\": 1");
    }

    @Test
    void aFailedPolicyDiscoveryCountsAsThatFailureUnderTheAppliedPolicy() throws Exception {
        TlsRptRecorder recorder = recorder();
        SessionListener session = TlsRptSessionListener.forTarget(recorder, TARGET);
        session.tlsPolicyApplied(TlsRptPolicy.noPolicyFound("example.com"),
                Optional.of(TlsRptResultType.STS_POLICY_FETCH_ERROR));
        session.upstreamVerified(TLS);
        SessionListener sts = TlsRptSessionListener.forTarget(recorder, TARGET);
        sts.tlsPolicyApplied(TlsRptPolicy.sts("example.com", StsPolicyParser.parse(
                "version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 86400\n")), Optional.empty());
        sts.upstreamVerified(TLS);

        List<Path> files = recorder.writeAll();
        assertThat(files).hasSize(1);
        String json = Files.readString(files.get(0));
        assertThat(json).contains("\"policy-domain\": \"example.com\"", "\"policy-type\": \"no-policy-found\"",
                "\"result-type\": \"sts-policy-fetch-error\"", "\"policy-type\": \"sts\"",
                "\"policy-string\": [\"version: STSv1\", \"mode: enforce\", \"mx: mx.example.com\", \"max_age: 86400\"]",
                "\"mx-host\": [\"mx.example.com\"]");
    }

    @Test
    void withoutAnExplicitPolicyTheLastMtaStsLookupOfTheUpstreamsNameApplies() throws Exception {
        TlsRptRecorder recorder = recorder();
        CachedStsPolicy enforced = new CachedStsPolicy("id1", StsPolicyParser.parse(
                "version: STSv1\nmode: testing\nmx: mx.example.com\nmax_age: 86400\n"), CLOCK.instant());
        StsLookup fetched = new StsLookup("mx.example.com", Optional.of(enforced), StsLookup.Source.FETCHED,
                Optional.empty());
        TlsRptSessionListener.forTarget(recorder, TARGET, domain -> Optional.of(fetched)).upstreamVerified(TLS);
        StsLookup failed = new StsLookup("mx.example.com", Optional.empty(), StsLookup.Source.FETCH_FAILED,
                Optional.of(TlsRptResultType.STS_WEBPKI_INVALID));
        TlsRptSessionListener.forTarget(recorder, TARGET, domain -> Optional.of(failed)).upstreamVerified(TLS);

        String json = report(recorder);
        assertThat(json).contains("\"policy-type\": \"sts\"", "\"mode: testing\"",
                "\"policy-type\": \"no-policy-found\"", "\"result-type\": \"sts-webpki-invalid\"");
    }

    @Test
    void aDisabledRecorderOrAnIpv6NamedUpstreamCountsNothing() throws Exception {
        TlsRptSessionListener.forTarget(TlsRptRecorder.disabled(), TARGET).upstreamVerified(TLS);
        TlsRptRecorder recorder = recorder();
        TlsRptSessionListener.forTarget(recorder, new UpstreamTarget(new HostPort("::1", 25), UpstreamTlsMode.STARTTLS,
                "::1")).upstreamVerified(TLS);

        assertThat(TlsRptRecorder.disabled().writeAll()).isEmpty();
        assertThat(recorder.writeAll()).isEmpty();
    }

    @Test
    void anMxConnectionCountsUnderTheRecipientDomainAndDaneUnderTheMxHostsTlsaRecords() throws Exception {
        TlsRptRecorder recorder = recorder();
        UpstreamTls dane = new UpstreamTls("TLSv1.3", "TLS_AES_128_GCM_SHA256", Optional.empty(), false,
                AppliedTls.DANE, "validated TLSA records", List.of("3 1 1 0A1B"));
        TlsRptSessionListener.forMxAttempt(recorder, "Example.com", TARGET, domain -> Optional.empty())
                .upstreamVerified(dane);
        TlsRptSessionListener.forMxAttempt(recorder, "example.com", TARGET, domain -> Optional.empty())
                .upstreamRefused(RefusalReason.CERT_TLSA_MISMATCH, "x");
        TlsRptSessionListener.forMxAttempt(recorder, "example.com", TARGET, domain -> Optional.empty())
                .upstreamVerified(TLS);

        List<Path> files = recorder.writeAll();
        assertThat(files).singleElement().satisfies(f -> assertThat(f.getFileName().toString())
                .startsWith("smtpguard.test!example.com!"));
        String json = Files.readString(files.get(0));
        assertThat(json).contains("\"policy-domain\": \"example.com\"", "\"policy-type\": \"tlsa\"",
                "\"policy-string\": [\"3 1 1 0A1B\"]", "\"mx-host\": [\"mx.example.com\"]",
                "\"result-type\": \"tlsa-invalid\"", "\"receiving-mx-hostname\": \"mx.example.com\"",
                "\"policy-type\": \"no-policy-found\"");
    }
}
