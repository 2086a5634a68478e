package lurch.db;

import java.util.List;
import java.util.Optional;

/** Registered git repositories, by name. */
public interface RepoStore {

    /** Registers {@code repo}; false (changing nothing) when its name is already registered. */
    boolean add(Repo repo);

    Optional<Repo> get(String name);

    /** All repositories, by name. */
    List<Repo> list();

    /** False when there was no such repository. Its deliveries and runs stay. */
    boolean remove(String name);
}
