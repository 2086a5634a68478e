package lurch.db;

import java.util.List;

/** Notification URLs per program. */
public interface NotificationStore {

    /** Adds {@code notification}; false (changing nothing) when its program already notifies its URL. */
    boolean add(Notification notification);

    /** All notifications, by program and URL. */
    List<Notification> list();

    /** The notifications of {@code program}. */
    List<Notification> of(String program);

    /** False when there was no such notification. */
    boolean remove(String program, String url);
}
