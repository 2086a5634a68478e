package lurch.isolation;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test's fresh LURCH_HOME, workspace and isolator on a machine that can make chroots (the test is skipped on one
 * that cannot). Afterwards the isolator is closed and, as by a restarted server, for which every isolate of the home
 * is a leftover, all it left is removed: the isolator itself spares the isolates it set up.
 */
final class ChrootHome implements BeforeEachCallback, AfterEachCallback {

    private Path home;
    private Path workspace;
    private Isolator isolator;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        TestHosts.assumeRootWithBusybox();
        home = TestHosts.freshDirectory("home");
        workspace = TestHosts.freshDirectory("workspace");
        isolator = Isolators.create(TestHosts.config(home));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (isolator != null) {
            isolator.close();
            try (Isolator restarted = Isolators.create(TestHosts.config(home))) {
                restarted.removeLeftovers(Set.of()).join();
            }
        }
    }

    Path home() {
        return home;
    }

    Path workspace() {
        return workspace;
    }

    Isolator isolator() {
        return isolator;
    }
}
