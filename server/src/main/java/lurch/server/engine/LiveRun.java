package lurch.server.engine;

import lurch.db.Run;
import lurch.db.Usage;
import lurch.interpreter.ast.Command;
import lurch.interpreter.eval.Scope;

/**
 * The engine's in-memory view of a run that has not ended: its parsed command and scope, so that
 * stepping it needs no database read. The database stays the truth; after a restart these are
 * rebuilt from it. Mutable fields are only touched under the tree's lock.
 */
final class LiveRun {
    final long id;
    final Long parentId;
    final long topId;
    final String lineage;
    final long versionId;
    final String programName;
    final String nodePath;
    final Command command;
    final Scope scope;
    private int progress;
    /** What its process used, for an exec; a parent shows the sums over its subtree. */
    private Usage usage = Usage.NONE;

    LiveRun(Run row, Command command, Scope scope) {
        this.id = row.id();
        this.parentId = row.parentId();
        this.topId = row.topId();
        this.lineage = row.lineage();
        this.versionId = row.programVersionId();
        this.programName = row.programName();
        this.nodePath = row.nodePath();
        this.command = command;
        this.scope = scope;
        this.progress = row.progress();
    }

    int progress() {
        return progress;
    }

    /** Moves the run's progress to {@code next}; answers whether it changed (and must be stored). */
    boolean moveTo(int next) {
        boolean changed = progress != next;
        progress = next;
        return changed;
    }

    Usage usage() {
        return usage;
    }

    /** Its process ended having used {@code used}. */
    void used(Usage used) {
        usage = used;
    }

    String childPath(int index) {
        return nodePath.isEmpty() ? Integer.toString(index) : nodePath + "." + index;
    }

    boolean isTop() {
        return parentId == null;
    }

    @Override
    public String toString() {
        return "run #" + id + " (" + command.keyword() + ")";
    }
}
