package lurch.server.web;

import java.time.Instant;
import java.util.List;

/**
 * The registered repositories and recent webhook deliveries shown on the dashboard and on /repos. The pages
 * depend only on this interface; the server wires {@link StoredForgeActivity} over the git-driven builds' stores.
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
}
