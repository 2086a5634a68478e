package lurch.server.notify;

import io.helidon.webserver.http.HttpRouting;
import lurch.db.NotificationStore;
import lurch.db.RunStore;
import lurch.hooks.status.RetryPolicy;
import lurch.server.engine.RunControl;

/** Notifications wired together: the sender listening to the engine, and {@code /api/notifications}. */
public final class Notifications {
    private final NotificationStore store;

    /** @param publicUrl LURCH_PUBLIC_URL: messages link to {@code publicUrl/runs/ID} */
    public Notifications(NotificationStore store, RunStore runs, RunControl control, String publicUrl,
                         RetryPolicy policy) {
        this.store = store;
        control.addListener(new Notifier(store, runs, control, publicUrl, policy));
    }

    public void register(HttpRouting.Builder routing) {
        routing.register("/api/notifications", new NotificationsService(store));
    }
}
