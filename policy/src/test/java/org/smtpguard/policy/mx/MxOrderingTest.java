package org.smtpguard.policy.mx;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MxOrderingTest {

    private static final Random SEEDED = new Random(5321);

    @Test
    void lowestPreferenceFirst() {
        MxPlan plan = MxOrdering.plan("example.org", List.of(new MxRecord(20, "b.example.org."),
                new MxRecord(10, "A.Example.org"), new MxRecord(30, "c.example.org")), SEEDED);
        assertThat(plan).isEqualTo(new MxPlan.Hosts(List.of("a.example.org", "b.example.org", "c.example.org"), false));
    }

    @Test
    void equalPreferencesComeInEveryOrderButAlwaysBeforeHigherOnes() {
        Set<List<String>> seen = new HashSet<>();
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            MxPlan.Hosts plan = (MxPlan.Hosts) MxOrdering.plan("example.org", List.of(new MxRecord(10, "x"),
                    new MxRecord(10, "y"), new MxRecord(10, "z"), new MxRecord(5, "first"), new MxRecord(50, "last")),
                    random);
            assertThat(plan.hosts().get(0)).isEqualTo("first");
            assertThat(plan.hosts().get(4)).isEqualTo("last");
            seen.add(plan.hosts().subList(1, 4));
        }
        assertThat(seen).as("all 6 orders of x, y, z over 200 plans (seed 42)").hasSize(6);
    }

    @Test
    void noMxMeansTheDomainItselfImplicitly() {
        assertThat(MxOrdering.plan("Example.ORG", List.of(), SEEDED))
                .isEqualTo(new MxPlan.Hosts(List.of("example.org"), true));
    }

    @Test
    void aLoneNullMxMeansNoMailAndANullAmongRealOnesIsSkipped() {
        assertThat(MxOrdering.plan("example.org", List.of(new MxRecord(0, ".")), SEEDED)).isEqualTo(new MxPlan.NoMail());
        assertThat(MxOrdering.plan("example.org", List.of(new MxRecord(0, "")), SEEDED)).isEqualTo(new MxPlan.NoMail());
        assertThat(MxOrdering.plan("example.org", List.of(new MxRecord(0, "."), new MxRecord(10, "mx.example.org")),
                SEEDED)).isEqualTo(new MxPlan.Hosts(List.of("mx.example.org"), false));
    }

    @Test
    void keepsAtMostFiveDistinctHosts() {
        List<MxRecord> many = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            many.add(new MxRecord(i, "mx" + i + ".example.org"));
            many.add(new MxRecord(i, "mx" + i + ".example.org"));
        }
        MxPlan.Hosts plan = (MxPlan.Hosts) MxOrdering.plan("example.org", many, SEEDED);
        assertThat(plan.hosts()).containsExactly("mx0.example.org", "mx1.example.org", "mx2.example.org",
                "mx3.example.org", "mx4.example.org");
    }

    @Test
    void attemptsFollowThePlanIpv4FirstBoundedPerHostAndInAll() throws UnknownHostException {
        InetAddress v4a = InetAddress.getByName("127.0.0.2");
        InetAddress v4b = InetAddress.getByName("127.0.0.3");
        InetAddress v4c = InetAddress.getByName("127.0.0.4");
        InetAddress v6 = InetAddress.getByName("::1");
        var attempts = MxAttempts.of(List.of("dead.test", "unresolved.test", "live.test", "c.test", "d.test"), Map.of(
                "dead.test", List.of(v6, v4a, v4b, v4c),
                "live.test", List.of(InetAddress.getLoopbackAddress()),
                "c.test", List.of(v4a, v4b),
                "d.test", List.of(v4c)));
        assertThat(attempts).containsExactly(
                new MxAttempts.Attempt("dead.test", v4a),
                new MxAttempts.Attempt("dead.test", v4b),
                new MxAttempts.Attempt("live.test", InetAddress.getLoopbackAddress()),
                new MxAttempts.Attempt("c.test", v4a),
                new MxAttempts.Attempt("c.test", v4b));
    }
}
