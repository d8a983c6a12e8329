package org.smtpguard.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.smtpguard.policy.decision.RefusalReason;

/** Every event reaches every listener of a {@link SessionListeners}, in order: none is forgotten. */
class SessionListenersTest {

    @Test
    void passesEveryEventToEachListenerInOrder() throws Exception {
        List<String> heard = new ArrayList<>();
        SessionListener combined = SessionListeners.of(recorder("first", heard), recorder("second", heard));
        List<Method> events = Arrays.stream(SessionListener.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers())).toList();

        for (Method event : events) {
            event.invoke(combined, arguments(event));
        }

        List<String> expected = new ArrayList<>();
        for (Method event : events) {
            expected.add("first " + event.getName());
            expected.add("second " + event.getName());
        }
        assertThat(heard).containsExactlyElementsOf(expected);
    }

    private static SessionListener recorder(String name, List<String> heard) {
        return (SessionListener) Proxy.newProxyInstance(SessionListener.class.getClassLoader(),
                new Class<?>[] {SessionListener.class}, (proxy, method, args) -> {
                    heard.add(name + " " + method.getName());
                    return null;
                });
    }

    private static Object[] arguments(Method event) {
        return Arrays.stream(event.getParameterTypes()).map(type -> {
            if (type == int.class) {
                return 1;
            }
            if (type == long.class) {
                return 1L;
            }
            if (type == String.class) {
                return "x";
            }
            if (type == RefusalReason.class) {
                return RefusalReason.TIMEOUT;
            }
            if (type == ClientLeg.ClientTls.class) {
                return ClientLeg.ClientTls.STARTTLS;
            }
            if (type == UpstreamTls.class) {
                return new UpstreamTls("TLSv1.3", "TLS_AES_128_GCM_SHA256", Optional.empty());
            }
            return null;
        }).toArray();
    }
}
