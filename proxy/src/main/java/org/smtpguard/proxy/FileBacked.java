package org.smtpguard.proxy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtpguard.proxy.log.FailureText;

/**
 * A value built from files (a TLS context from certificate files) and built again when their content
 * changes. {@link #check()} compares the SHA-256 of each file with what it saw last; on a change it
 * runs the builder and serves the new value from then on, so that new sessions get it while sessions
 * in progress keep the one they started with. A build that fails (a bad or half-written file) is
 * logged in one line and the previous value stays; the same content is not tried or reported again.
 */
final class FileBacked<T> implements Supplier<T> {

    private static final Logger LOG = LoggerFactory.getLogger("smtpguard.tls");

    /** Builds the value from the files; throws with a one-line message if they are not usable. */
    interface Builder<T> {
        T build() throws Exception;
    }

    private final String what;
    private final List<Path> files;
    private final Builder<T> builder;
    private volatile T current;
    private List<String> seen;

    private FileBacked(String what, List<Path> files, Builder<T> builder) {
        this.what = what;
        this.files = List.copyOf(files);
        this.builder = builder;
    }

    /** Builds the first value now; its failure is the caller's (smtpguard does not start without it). */
    static <T> FileBacked<T> load(String what, List<Path> files, Builder<T> builder) throws Exception {
        FileBacked<T> backed = new FileBacked<>(what, files, builder);
        backed.seen = backed.digests();
        backed.current = builder.build();
        return backed;
    }

    /** Whether there is anything to watch (a generated certificate or the JDK's CAs have no file). */
    boolean hasFiles() {
        return !files.isEmpty();
    }

    @Override
    public T get() {
        return current;
    }

    /** Builds the value again if a file's content changed since the last check. Not thread-safe: one caller. */
    void check() {
        List<String> now = digests();
        if (now.equals(seen)) {
            return;
        }
        seen = now;
        try {
            current = builder.build();
            LOG.info("{} reloaded files={}", what, files);
        } catch (Exception e) {
            LOG.warn("{} not reloaded, keeping the previous one: {} files={}", what, FailureText.of(e), files);
        }
    }

    /** One SHA-256 per file, or why it could not be read (a file that is gone counts as a change too). */
    private List<String> digests() {
        List<String> digests = new ArrayList<>(files.size());
        for (Path file : files) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
                digests.add(HexFormat.of().formatHex(digest));
            } catch (IOException e) {
                digests.add("unreadable: " + e.getClass().getSimpleName());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("no SHA-256 in this JVM", e);
            }
        }
        return digests;
    }
}
