package lurch.server.web;

import java.util.List;
import lurch.db.DeliveryStore;
import lurch.db.RepoStore;
import lurch.hooks.git.RemoteUrls;
import lurch.hooks.webhook.Forge;

/** The registered repositories and recent deliveries, as the git-driven builds store them. */
public final class StoredForgeActivity implements ForgeActivity {
    private final RepoStore repos;
    private final DeliveryStore deliveries;

    public StoredForgeActivity(RepoStore repos, DeliveryStore deliveries) {
        this.repos = repos;
        this.deliveries = deliveries;
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public List<Repository> repositories() {
        return repos.list().stream()
                .map(r -> new Repository(r.name(), Forge.named(r.statusForge()).map(Forge::title).orElse(""),
                        RemoteUrls.withoutCredentials(r.cloneUrl())))
                .toList();
    }

    @Override
    public List<Delivery> recentDeliveries(int limit) {
        return deliveries.recent(null, limit).stream()
                .map(d -> new Delivery(d.forge() + ":" + d.deliveryKey(), d.repo(), d.event(), d.received(),
                        d.outcome().dbName() + (d.message() == null ? "" : ": " + d.message()), d.runId()))
                .toList();
    }
}
