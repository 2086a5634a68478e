package lurch.db;

import java.util.Map;

/** Secrets per program: environment variables for its execs, masked in stored output. */
public interface SecretStore {

    void set(String program, String name, String value);

    /** False when there was no such secret. */
    boolean remove(String program, String name);

    Map<String, String> of(String program);
}
