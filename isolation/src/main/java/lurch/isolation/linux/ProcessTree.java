package lurch.isolation.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Kills a process and all its descendants, found through the parent pids in {@code /proc/PID/stat}.
 * The tree is stopped first and collected again, so nothing forks away between finding and killing.
 */
public final class ProcessTree {

    private static final Path PROC = Path.of("/proc");
    private static final int ROUNDS = 20;

    private ProcessTree() {}

    /** True when {@code pid} is visible in this pid namespace. */
    public static boolean isVisible(long pid) {
        return Files.exists(PROC.resolve(Long.toString(pid)));
    }

    public static void killTree(int root) {
        for (int round = 0; round < ROUNDS; round++) {
            Set<Integer> tree = treeOf(root);
            if (tree.isEmpty()) {
                return;
            }
            tree.forEach(pid -> Native.signal(pid, Native.SIGSTOP));
            Set<Integer> stopped = treeOf(root);
            stopped.addAll(tree);
            stopped.forEach(Native::killHard);
        }
    }

    /** {@code root} and its descendants that are alive now. */
    private static Set<Integer> treeOf(int root) {
        Map<Integer, List<Integer>> children = new HashMap<>();
        try (Stream<Path> entries = Files.list(PROC)) {
            entries.map(entry -> entry.getFileName().toString()).filter(name -> name.chars().allMatch(Character::isDigit))
                    .forEach(name -> {
                        int parent = parentOf(name);
                        if (parent > 0) {
                            children.computeIfAbsent(parent, key -> new java.util.ArrayList<>()).add(Integer.parseInt(name));
                        }
                    });
        } catch (IOException e) {
            return new HashSet<>();
        }
        Set<Integer> tree = new HashSet<>();
        if (isVisible(root)) {
            collect(root, children, tree);
        }
        return tree;
    }

    private static void collect(int pid, Map<Integer, List<Integer>> children, Set<Integer> tree) {
        if (tree.add(pid)) {
            children.getOrDefault(pid, List.of()).forEach(child -> collect(child, children, tree));
        }
    }

    /** The ppid field of /proc/PID/stat: the fourth, counted after the ")" that ends the command name. */
    private static int parentOf(String pid) {
        try {
            String stat = Files.readString(PROC.resolve(pid).resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 3);
            return fields[0].equals("Z") ? -1 : Integer.parseInt(fields[1]);
        } catch (IOException | RuntimeException e) {
            return -1; // exited while we looked
        }
    }
}
