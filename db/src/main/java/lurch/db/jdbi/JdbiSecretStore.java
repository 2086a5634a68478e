package lurch.db.jdbi;

import lurch.db.SecretStore;
import org.jdbi.v3.core.Jdbi;

import java.util.Map;

/** Secrets in table secrets, keyed by program name so they can be set before the program's first import. */
public final class JdbiSecretStore implements SecretStore {

    private final Jdbi jdbi;

    public JdbiSecretStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void set(String program, String name, String value) {
        KeyValueRows.put(jdbi, "secrets", "program", program, name, value);
    }

    @Override
    public boolean remove(String program, String name) {
        return KeyValueRows.remove(jdbi, "secrets", "program", program, name);
    }

    @Override
    public Map<String, String> of(String program) {
        return KeyValueRows.all(jdbi, "secrets", "program", program);
    }
}
