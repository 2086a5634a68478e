package lurch.server.web;

import java.time.Instant;
import java.util.List;

/**
 * EXTENSION POINT for the git-driven builds: the registered repositories and recent webhook deliveries shown on
 * the dashboard and on /repos. The web pages depend only on this interface; the server wires an implementation
 * over the repository and delivery stores once they exist ({@link #NONE} until then, and the pages say so).
 */
public interface ForgeActivity {

    /** A registered repository. */
    record Repository(String name, String forge, String url) {}

    /** One webhook delivery and what came of it ({@code runId} null when it started no run). */
    record Delivery(String id, String repository, String event, Instant received, String outcome, Long runId) {}

    /** False while nothing is wired: the pages then explain that instead of showing empty tables. */
    boolean available();

    List<Repository> repositories();

    List<Delivery> recentDeliveries(int limit);

    ForgeActivity NONE = new ForgeActivity() {
        @Override
        public boolean available() {
            return false;
        }

        @Override
        public List<Repository> repositories() {
            return List.of();
        }

        @Override
        public List<Delivery> recentDeliveries(int limit) {
            return List.of();
        }
    };
}
