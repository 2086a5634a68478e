package lurch.hooks.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the forge payload examples copied from /work/shared/fixtures into test resources. */
final class Fixtures {
    private Fixtures() {
    }

    static byte[] read(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
