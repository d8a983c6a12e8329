package org.smtpguard.policy.tlsrpt;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts TLS sessions per UTC day, policy domain and policy, and hands out each day's reports once
 * the day is over (RFC 8460 §4). Bounded: past {@value #MAX_DOMAINS_PER_DAY} domains a day further
 * domains are not counted, and past {@value #MAX_FAILURE_KINDS} kinds of failure under one policy
 * further kinds are counted under their result type alone. Not thread-safe; the caller serialises.
 */
public final class TlsRptAggregate {

    /** Most policy domains counted per day. */
    public static final int MAX_DOMAINS_PER_DAY = 10_000;
    /** Most distinct failure details kept per policy. */
    public static final int MAX_FAILURE_KINDS = 100;

    private final TreeMap<LocalDate, Map<String, Map<TlsRptPolicy, Counts>>> days = new TreeMap<>();
    private long dropped;

    private static final class Counts {
        long successes;
        final Map<TlsRptFailure, Long> failures = new LinkedHashMap<>();
    }

    /** A session under {@code policy} that negotiated TLS as the policy required. */
    public void success(Instant at, TlsRptPolicy policy) {
        Counts counts = countsFor(at, policy);
        if (counts != null) {
            counts.successes++;
        }
    }

    /** A session under {@code policy} that failed as {@code failure} says. */
    public void failure(Instant at, TlsRptPolicy policy, TlsRptFailure failure) {
        Counts counts = countsFor(at, policy);
        if (counts == null) {
            return;
        }
        TlsRptFailure key = counts.failures.containsKey(failure) || counts.failures.size() < MAX_FAILURE_KINDS
                ? failure : TlsRptFailure.of(failure.resultType());
        counts.failures.merge(key, 1L, Long::sum);
    }

    /** Sessions not counted because a bound was reached. */
    public long dropped() {
        return dropped;
    }

    /** Removes and returns the reports of every day that ended at or before {@code now}. */
    public List<TlsRptReport> takeCompletedDays(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return take(days.headMap(today, false));
    }

    /** Removes and returns every report, the current day's included (at shutdown). */
    public List<TlsRptReport> takeAll() {
        return take(days);
    }

    private static List<TlsRptReport> take(Map<LocalDate, Map<String, Map<TlsRptPolicy, Counts>>> taken) {
        List<TlsRptReport> reports = new ArrayList<>();
        Iterator<Map.Entry<LocalDate, Map<String, Map<TlsRptPolicy, Counts>>>> it = taken.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<LocalDate, Map<String, Map<TlsRptPolicy, Counts>>> day = it.next();
            new TreeMap<>(day.getValue()).forEach((domain, policies) -> {
                List<TlsRptReport.PolicyResult> results = new ArrayList<>();
                policies.forEach((policy, counts) -> results.add(
                        new TlsRptReport.PolicyResult(policy, counts.successes, counts.failures)));
                reports.add(new TlsRptReport(domain, day.getKey(), results));
            });
            it.remove();
        }
        return reports;
    }

    private Counts countsFor(Instant at, TlsRptPolicy policy) {
        Map<String, Map<TlsRptPolicy, Counts>> domains = days.computeIfAbsent(
                LocalDate.ofInstant(at, ZoneOffset.UTC), d -> new LinkedHashMap<>());
        if (!domains.containsKey(policy.policyDomain()) && domains.size() >= MAX_DOMAINS_PER_DAY) {
            dropped++;
            return null;
        }
        return domains.computeIfAbsent(policy.policyDomain(), d -> new LinkedHashMap<>())
                .computeIfAbsent(policy, p -> new Counts());
    }
}
