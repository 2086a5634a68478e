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
    int progress;
    /** Usage of the children ended so far (a parent shows the sums over its subtree). */
    Usage usage = Usage.NONE;

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
