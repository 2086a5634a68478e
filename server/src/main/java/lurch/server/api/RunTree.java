package lurch.server.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lurch.db.Run;
import lurch.db.Usage;

/** A run's subtree with each run's usage summed over its own subtree and its depth below the root. */
public record RunTree(Run root, List<Run> runs, Map<Long, Usage> totals) {

    /** {@code subtree} as {@link lurch.db.RunStore#subtree} returns it: the root first, ordered by id. */
    public static RunTree of(List<Run> subtree) {
        Map<Long, Usage> totals = new HashMap<>();
        // a child is created after its parent, so walking ids downwards finishes each child before its parent
        for (Run run : subtree.reversed()) {
            Usage own = run.usage() == null ? Usage.NONE : run.usage();
            Usage total = totals.getOrDefault(run.id(), Usage.NONE).plus(own);
            totals.put(run.id(), total);
            if (run.parentId() != null) {
                totals.merge(run.parentId(), total, Usage::plus);
            }
        }
        return new RunTree(subtree.getFirst(), subtree, totals);
    }

    RunJson rootJson() {
        return RunJson.of(root, totals.get(root.id()), null);
    }

    List<RunJson> treeJson() {
        List<RunJson> tree = new ArrayList<>(runs.size());
        for (Run run : runs) {
            tree.add(RunJson.of(run, totals.get(run.id()), depth(run)));
        }
        return tree;
    }

    /** How far {@code run} lies below the root, 0 for the root itself. */
    public int depth(Run run) {
        return level(run) - level(root);
    }

    /** Number of ids in the lineage "/1/3/5/". */
    private static int level(Run run) {
        return (int) run.lineage().chars().filter(c -> c == '/').count() - 1;
    }
}
