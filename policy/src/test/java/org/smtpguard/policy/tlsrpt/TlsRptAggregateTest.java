package org.smtpguard.policy.tlsrpt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.smtpguard.policy.mtasts.StsPolicyParser;

class TlsRptAggregateTest {

    private static final Instant MORNING = Instant.parse("2026-11-23T08:00:00Z");
    private static final Instant LAST_SECOND = Instant.parse("2026-11-23T23:59:59Z");
    private static final Instant NEXT_DAY = Instant.parse("2026-11-24T00:00:00Z");
    private static final TlsRptPolicy STS = TlsRptPolicy.sts("Example.com",
            StsPolicyParser.parse("version: STSv1\nmode: enforce\nmx: *.example.com\nmax_age: 86400\n"));
    private static final TlsRptPolicy NONE = TlsRptPolicy.noPolicyFound("example.org");
    private static final TlsRptFailure EXPIRED = TlsRptFailure.of(TlsRptResultType.CERTIFICATE_EXPIRED,
            "192.0.2.1", "mx1.example.com", "198.51.100.7");

    @Test
    void countsSuccessesAndFailuresPerPolicyAndKindOfFailure() {
        TlsRptAggregate aggregate = new TlsRptAggregate();
        aggregate.success(MORNING, STS);
        aggregate.success(MORNING, STS);
        aggregate.failure(MORNING, STS, EXPIRED);
        aggregate.failure(LAST_SECOND, STS, EXPIRED);
        aggregate.failure(MORNING, STS, TlsRptFailure.of(TlsRptResultType.STS_POLICY_FETCH_ERROR));
        aggregate.success(MORNING, NONE);

        List<TlsRptReport> reports = aggregate.takeCompletedDays(NEXT_DAY);

        assertThat(reports).extracting(TlsRptReport::policyDomain).containsExactly("example.com", "example.org");
        TlsRptReport.PolicyResult sts = reports.get(0).policies().get(0);
        assertThat(sts.policy()).isEqualTo(STS);
        assertThat(sts.successfulSessions()).isEqualTo(2);
        assertThat(sts.failedSessions()).isEqualTo(3);
        assertThat(sts.failures()).isEqualTo(Map.of(EXPIRED, 2L,
                TlsRptFailure.of(TlsRptResultType.STS_POLICY_FETCH_ERROR), 1L));
        assertThat(reports.get(1).policies().get(0).successfulSessions()).isEqualTo(1);
    }

    @Test
    void aDayIsReportedOnlyOnceItIsOverAndOnlyOnce() {
        TlsRptAggregate aggregate = new TlsRptAggregate();
        aggregate.success(MORNING, STS);

        assertThat(aggregate.takeCompletedDays(LAST_SECOND)).isEmpty();
        aggregate.success(NEXT_DAY, STS);
        List<TlsRptReport> first = aggregate.takeCompletedDays(NEXT_DAY);
        assertThat(first).extracting(TlsRptReport::day).containsExactly(LocalDate.parse("2026-11-23"));
        assertThat(aggregate.takeCompletedDays(NEXT_DAY)).isEmpty();
        assertThat(aggregate.takeAll()).extracting(TlsRptReport::day).containsExactly(LocalDate.parse("2026-11-24"));
        assertThat(aggregate.takeAll()).isEmpty();
    }

    @Test
    void theDayRunsFromMidnightToTheLastSecondUtc() {
        TlsRptAggregate aggregate = new TlsRptAggregate();
        aggregate.success(MORNING, STS);
        TlsRptReport report = aggregate.takeAll().get(0);

        assertThat(report.start()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
        assertThat(report.end()).isEqualTo(LAST_SECOND);
        assertThat(report.fileName("mta.example.net", "7")).isEqualTo(
                "mta.example.net!example.com!1795392000!1795478399!7.json");
    }

    @Test
    void failureKindsAreBoundedAndTheSurplusCountedByResultType() {
        TlsRptAggregate aggregate = new TlsRptAggregate();
        for (int i = 0; i < TlsRptAggregate.MAX_FAILURE_KINDS + 5; i++) {
            aggregate.failure(MORNING, STS, TlsRptFailure.of(TlsRptResultType.CERTIFICATE_EXPIRED,
                    "192.0.2.1", "mx" + i + ".example.com", "198.51.100.7"));
        }
        TlsRptReport.PolicyResult result = aggregate.takeAll().get(0).policies().get(0);

        assertThat(result.failures()).hasSize(TlsRptAggregate.MAX_FAILURE_KINDS + 1);
        assertThat(result.failures().get(TlsRptFailure.of(TlsRptResultType.CERTIFICATE_EXPIRED))).isEqualTo(5);
        assertThat(result.failedSessions()).isEqualTo(TlsRptAggregate.MAX_FAILURE_KINDS + 5);
    }

    @Test
    void domainsPerDayAreBounded() {
        TlsRptAggregate aggregate = new TlsRptAggregate();
        for (int i = 0; i < TlsRptAggregate.MAX_DOMAINS_PER_DAY + 3; i++) {
            aggregate.success(MORNING, TlsRptPolicy.noPolicyFound("d" + i + ".example"));
        }
        aggregate.success(MORNING, TlsRptPolicy.noPolicyFound("d0.example"));

        assertThat(aggregate.dropped()).isEqualTo(3);
        assertThat(aggregate.takeAll()).hasSize(TlsRptAggregate.MAX_DOMAINS_PER_DAY);
    }
}
