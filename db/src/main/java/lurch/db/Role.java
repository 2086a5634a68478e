package lurch.db;

import java.util.Locale;

/** What a user or an API token may do: an admin everything, a viewer only read (pages and GET requests). */
public enum Role {
    ADMIN, VIEWER;

    /** The word stored and shown: {@code admin} or {@code viewer}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the allowed words */
    public static Role of(String word) {
        return switch (word) {
            case "admin" -> ADMIN;
            case "viewer" -> VIEWER;
            default -> throw new IllegalArgumentException("role must be admin or viewer, not '" + word + "'");
        };
    }
}
