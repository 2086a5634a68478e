package lurch.db.jdbi;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named values grouped by an owner (a top run's data, a program's secrets): tables with columns
 * (owner column, name, content). Table and column names are this package's constants, never input.
 */
final class KeyValueRows {

    private KeyValueRows() {}

    /**
     * Sets or replaces a value. An UPDATE first, then an INSERT that yields to a concurrent one, then the UPDATE
     * again: an upsert both H2 and PostgreSQL run (H2 lacks ON CONFLICT DO UPDATE).
     */
    static void put(Jdbi jdbi, String table, String ownerColumn, Object owner, String name, String content) {
        jdbi.useHandle(h -> put(h, table, ownerColumn, owner, name, content));
    }

    /** {@link #put(Jdbi, String, String, Object, String, String)} on {@code h}, in its transaction if it has one. */
    static void put(Handle h, String table, String ownerColumn, Object owner, String name, String content) {
        if (replace(h, table, ownerColumn, owner, name, content)) return;
        int inserted = h.createUpdate("INSERT INTO " + table + " (" + ownerColumn + ", name, content)"
                        + " VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                .bind(0, owner).bind(1, name).bind(2, content).execute();
        if (inserted == 0) replace(h, table, ownerColumn, owner, name, content);
    }

    private static boolean replace(Handle h, String table, String ownerColumn, Object owner, String name,
                                   String content) {
        return h.createUpdate("UPDATE " + table + " SET content = ? WHERE " + ownerColumn + " = ? AND name = ?")
                .bind(0, content).bind(1, owner).bind(2, name).execute() > 0;
    }

    static boolean remove(Jdbi jdbi, String table, String ownerColumn, Object owner, String name) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM " + table + " WHERE " + ownerColumn + " = ? AND name = ?")
                .bind(0, owner).bind(1, name).execute() > 0);
    }

    /** All values of an owner, by name. */
    static Map<String, String> all(Jdbi jdbi, String table, String ownerColumn, Object owner) {
        return jdbi.withHandle(h -> h.createQuery("SELECT name, content FROM " + table + " WHERE " + ownerColumn
                        + " = ? ORDER BY name")
                .bind(0, owner)
                .reduceRows(new LinkedHashMap<>(), (map, row) -> {
                    map.put(row.getColumn("name", String.class), row.getColumn("content", String.class));
                    return map;
                }));
    }
}
