package lurch.db;

import java.util.List;
import java.util.Optional;

/** Programs and their versions. Importing or editing makes a new version; runs keep theirs. */
public interface ProgramStore {

    /** Stores {@code source} (already validated, canonical) as the next version of {@code name}, creating the program. */
    ProgramVersion saveVersion(String name, String source, String author);

    /**
     * Stores {@code source} of a pull or merge request as a version of {@code name} that runs may use but that never
     * becomes the latest one.
     */
    ProgramVersion savePullRequestVersion(String name, String source, String author);

    /** The newest version that is not a pull request's. */
    Optional<ProgramVersion> latest(String name);

    Optional<ProgramVersion> version(long versionId);

    /** All versions of a program except pull requests', newest first. */
    List<ProgramVersion> versions(String name);

    /** Every program with its latest version and last top run, by name. */
    List<ProgramSummary> list();
}
