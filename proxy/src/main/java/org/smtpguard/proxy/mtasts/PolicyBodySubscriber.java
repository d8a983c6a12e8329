package org.smtpguard.proxy.mtasts;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.smtpguard.policy.tlsrpt.TlsRptResultType;

/**
 * Reads a policy response: only a 200 with media type {@code text/plain} (RFC 8461 §3.3), at most
 * {@code limit} bytes of UTF-8. Anything else cancels the download and fails with
 * {@link StsFetchException} ({@code sts-policy-fetch-error}).
 */
final class PolicyBodySubscriber implements HttpResponse.BodySubscriber<String> {

    private final CompletableFuture<String> body = new CompletableFuture<>();
    private final String refusal;
    private final int limit;
    private final ByteBuffer collected;
    private Flow.Subscription subscription;

    private PolicyBodySubscriber(String refusal, int limit) {
        this.refusal = refusal;
        this.limit = limit;
        this.collected = ByteBuffer.allocate(refusal == null ? limit : 0);
    }

    /** The body handler: checks status and media type before a byte of the body is read. */
    static HttpResponse.BodyHandler<String> handler(int limit) {
        return info -> new PolicyBodySubscriber(refusalOf(info), limit);
    }

    private static String refusalOf(HttpResponse.ResponseInfo info) {
        if (info.statusCode() != 200) {
            return "policy server answered HTTP " + info.statusCode() + ", not 200"
                    + (info.statusCode() / 100 == 3 ? " (redirects are not followed)" : "");
        }
        String type = info.headers().firstValue("content-type").orElse("");
        int semicolon = type.indexOf(';');
        String mediaType = (semicolon < 0 ? type : type.substring(0, semicolon)).strip();
        if (!mediaType.equalsIgnoreCase("text/plain")) {
            return "policy media type is not text/plain";
        }
        return null;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        if (refusal != null) {
            s.cancel();
            body.completeExceptionally(new StsFetchException(TlsRptResultType.STS_POLICY_FETCH_ERROR, refusal));
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            if (buffer.remaining() > collected.remaining()) {
                subscription.cancel();
                body.completeExceptionally(new StsFetchException(TlsRptResultType.STS_POLICY_FETCH_ERROR,
                        "policy is larger than " + limit + " bytes"));
                return;
            }
            collected.put(buffer);
        }
    }

    @Override
    public void onError(Throwable error) {
        body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        if (body.isDone()) {
            return;
        }
        collected.flip();
        try {
            body.complete(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(collected).toString());
        } catch (CharacterCodingException e) {
            body.completeExceptionally(new StsFetchException(TlsRptResultType.STS_POLICY_INVALID,
                    "policy is not UTF-8 text"));
        }
    }

    @Override
    public CompletionStage<String> getBody() {
        return body;
    }
}
