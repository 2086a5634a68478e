package lurch.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import lurch.db.Run;
import lurch.db.RunStatus;
import lurch.db.Usage;
import org.junit.jupiter.api.Test;

class RunTreeTest {

    private static Run run(long id, Long parent, String lineage, Usage usage) {
        return new Run(id, parent, 1, lineage, 1, "hello", "", "sequence", null, null, RunStatus.SUCCESS, null, null,
                0, "{}", Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, 0, 0, usage, null);
    }

    // 1 ─┬─ 2 ─── 4
    //    └─ 3
    private final List<Run> subtree = List.of(
            run(1, null, "/1/", Usage.NONE),
            run(2, 1L, "/1/2/", new Usage(0.5, 0.25, 1000)),
            run(3, 1L, "/1/3/", new Usage(1, 1, 3000)),
            run(4, 2L, "/1/2/4/", new Usage(2, 0.5, 2000)));

    @Test
    void cpuIsAddedAndMemoryIsTheMaximumOverEachSubtree() {
        List<RunJson> tree = RunTree.of(subtree).treeJson();
        RunJson top = tree.get(0);
        assertEquals(List.of(3.5, 1.75, 3000L), List.of(top.cpuUser(), top.cpuSystem(), top.memPeak()));
        RunJson middle = tree.get(1);
        assertEquals(List.of(2.5, 0.75, 2000L), List.of(middle.cpuUser(), middle.cpuSystem(), middle.memPeak()));
        assertEquals(3000L, tree.get(2).memPeak());
    }

    @Test
    void depthIsCountedFromTheShownRun() {
        assertEquals(List.of(0, 1, 1, 2), RunTree.of(subtree).treeJson().stream().map(RunJson::depth).toList());
        assertEquals(List.of(0, 1), RunTree.of(List.of(subtree.get(1), subtree.get(3))).treeJson().stream()
                .map(RunJson::depth).toList());
    }
}
