package org.smtpguard.proxy.mtasts;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The TXT records of a name, each the concatenation of its strings; an empty list when there are
 * none or the look-up failed (RFC 8461 treats both alike: a cached policy still applies). Never
 * blocks; the future always completes normally.
 */
@FunctionalInterface
public interface StsTxtLookup {

    CompletableFuture<List<String>> txt(String name);
}
