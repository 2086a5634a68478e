package lurch.isolation.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import lurch.isolation.Limits;

/**
 * cgroup v1: each exec gets {@code cpuacct/lurch/NAME}, {@code memory/lurch/NAME} and, where the pids
 * controller is mounted, {@code pids/lurch/NAME}.
 */
final class CgroupV1 implements Cgroups {

    private static final double NANOS = 1e9;
    private static final double USER_HZ = 100; // cpuacct.stat counts clock ticks of 1/100 s

    private final Path cpuacct;
    private final Path memory;
    private final Path pids; // null without a pids hierarchy: no process limit then

    CgroupV1(Path mountPoint) {
        this.cpuacct = mountPoint.resolve("cpuacct").resolve("lurch");
        this.memory = mountPoint.resolve("memory").resolve("lurch");
        this.pids = Files.isDirectory(mountPoint.resolve("pids")) ? mountPoint.resolve("pids").resolve("lurch") : null;
    }

    @Override
    public ExecCgroup create(String name, Limits limits) throws IOException {
        List<Path> made = new ArrayList<>();
        try {
            for (Path parent : hierarchies()) {
                made.add(createIn(parent, name));
            }
            Group group = open(name);
            group.limit(limits);
            return group;
        } catch (IOException e) {
            for (Path dir : made.reversed()) {
                Files.deleteIfExists(dir);
            }
            throw e;
        }
    }

    /** {@code parent/name}; the parent is made only when missing (an exception per call costs more than the mkdir). */
    private static Path createIn(Path parent, String name) throws IOException {
        try {
            return Files.createDirectory(parent.resolve(name));
        } catch (NoSuchFileException e) {
            return Files.createDirectory(Files.createDirectories(parent).resolve(name));
        }
    }

    @Override
    public Group open(String name) {
        return new Group(cpuacct.resolve(name), memory.resolve(name), pids == null ? null : pids.resolve(name));
    }

    private List<Path> hierarchies() {
        return pids == null ? List.of(cpuacct, memory) : List.of(cpuacct, memory, pids);
    }

    @Override
    public List<String> existing(String prefix) {
        TreeSet<String> names = new TreeSet<>();
        for (Path parent : hierarchies()) {
            try (Stream<Path> children = Files.list(parent)) {
                children.filter(child -> child.getFileName().toString().startsWith(prefix)).filter(Files::isDirectory).forEach(child -> names.add(child.getFileName().toString()));
            } catch (IOException e) {
                // no lurch/ hierarchy yet: nothing left over
            }
        }
        return List.copyOf(names);
    }

    static final class Group extends ExecCgroup {
        private final Path cpuDir;
        private final Path memoryDir;
        private final Path pidsDir;
        private Boolean nanosecondCounters; // known at the first reading

        Group(Path cpuDir, Path memoryDir, Path pidsDir) {
            super(pidsDir == null ? List.of(cpuDir, memoryDir) : List.of(cpuDir, memoryDir, pidsDir));
            this.cpuDir = cpuDir;
            this.memoryDir = memoryDir;
            this.pidsDir = pidsDir;
        }

        /** memsw (memory plus swap) too where swap is accounted, so that swapping does not lift the limit. */
        void limit(Limits limits) throws IOException {
            String bytes = Long.toString(limits.memoryBytes());
            Files.writeString(memoryDir.resolve("memory.limit_in_bytes"), bytes);
            if (Files.exists(memoryDir.resolve("memory.memsw.limit_in_bytes"))) {
                Files.writeString(memoryDir.resolve("memory.memsw.limit_in_bytes"), bytes);
            }
            if (pidsDir != null) {
                Files.writeString(pidsDir.resolve("pids.max"), Integer.toString(limits.pids()));
            }
        }

        /** CPU in nanoseconds where the kernel splits them so (Linux 4.16 on), else in clock ticks. */
        @Override
        public Reading read() {
            long peak = CgroupFiles.readLong(memoryDir.resolve("memory.max_usage_in_bytes"));
            long oomKills = CgroupFiles.readKey(memoryDir.resolve("memory.oom_control"), "oom_kill");
            long refusedForks = pidsDir == null ? 0 : CgroupFiles.readKey(pidsDir.resolve("pids.events"), "max");
            if (nanosecondCounters == null) {
                nanosecondCounters = Files.exists(cpuDir.resolve("cpuacct.usage_user"));
            }
            if (nanosecondCounters) {
                return new Reading(CgroupFiles.readLong(cpuDir.resolve("cpuacct.usage_user")) / NANOS,
                        CgroupFiles.readLong(cpuDir.resolve("cpuacct.usage_sys")) / NANOS, peak, oomKills, refusedForks);
            }
            Path stat = cpuDir.resolve("cpuacct.stat");
            return new Reading(CgroupFiles.readKey(stat, "user") / USER_HZ, CgroupFiles.readKey(stat, "system") / USER_HZ,
                    peak, oomKills, refusedForks);
        }

        /** Writing 0 sets v1's high-water mark to the present usage. */
        @Override
        public boolean resetPeak() {
            try {
                Files.writeString(memoryDir.resolve("memory.max_usage_in_bytes"), "0");
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        /**
         * {@code tasks}, not {@code cgroup.procs}: since Linux 6.1 a thread that moves only itself skips
         * the global threadgroup lock, whose writer waits for an RCU grace period (measured here: 2.7 ms
         * per launch instead of 12, and concurrent launches no longer queue behind each other). A
         * single-threaded shell that then execs takes its whole future process tree along.
         */
        @Override
        String entryFileName() {
            return "tasks";
        }

        @Override
        boolean killAtOnce() {
            return false; // v1 has no cgroup.kill
        }
    }
}
