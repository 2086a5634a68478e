package lurch.isolation.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import lurch.isolation.Limits;

/**
 * cgroup v2: each exec gets {@code lurch/NAME}; {@code lurch/} delegates the cpu, memory and pids
 * controllers to its children. Kernels without {@code memory.peak} (before 5.19) get the peak from
 * samples of {@code memory.current} every 50 ms, which can miss short spikes.
 */
final class CgroupV2 implements Cgroups {

    private static final double MICROS = 1e6;
    private static final long SAMPLE_MILLIS = 50;

    private final Path mountPoint;
    private final Path lurch;
    private volatile boolean prepared;

    CgroupV2(Path mountPoint) {
        this.mountPoint = mountPoint;
        this.lurch = mountPoint.resolve("lurch");
    }

    @Override
    public ExecCgroup create(String name, Limits limits) throws IOException {
        prepare();
        Path dir = Files.createDirectory(lurch.resolve(name));
        Group group = new Group(dir);
        try {
            group.limit(limits);
        } catch (IOException e) {
            Files.delete(dir);
            throw e;
        }
        if (!Files.exists(dir.resolve("memory.peak"))) {
            group.startSampling();
        }
        return group;
    }

    @Override
    public ExecCgroup open(String name) {
        return new Group(lurch.resolve(name));
    }

    @Override
    public List<String> existing(String prefix) {
        try (Stream<Path> children = Files.list(lurch)) {
            return children.filter(child -> child.getFileName().toString().startsWith(prefix)).filter(Files::isDirectory).map(child -> child.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Creates {@code lurch/} and enables +cpu +memory +pids down to it, once. */
    private synchronized void prepare() throws IOException {
        if (prepared) {
            return;
        }
        Files.createDirectories(lurch);
        enableControllers(mountPoint);
        enableControllers(lurch);
        prepared = true;
    }

    private static void enableControllers(Path dir) {
        try {
            Files.writeString(dir.resolve("cgroup.subtree_control"), "+cpu +memory +pids");
        } catch (IOException e) {
            System.getLogger(CgroupV2.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot enable cpu, memory and pids controllers in " + dir + " (figures will be 0, limits not kept): " + e.getMessage());
        }
    }

    static final class Group extends ExecCgroup {
        private final Path dir;
        private final AtomicLong sampledPeak = new AtomicLong();
        private volatile boolean sampling;

        Group(Path dir) {
            super(List.of(dir));
            this.dir = dir;
        }

        /** Without the controller enabled the files are missing: the warning at preparation said so. */
        void limit(Limits limits) throws IOException {
            writeIfPresent(dir.resolve("memory.max"), Long.toString(limits.memoryBytes()));
            writeIfPresent(dir.resolve("memory.swap.max"), "0");
            writeIfPresent(dir.resolve("pids.max"), Integer.toString(limits.pids()));
        }

        private static void writeIfPresent(Path file, String value) throws IOException {
            if (Files.exists(file)) {
                Files.writeString(file, value);
            }
        }

        void startSampling() {
            sampling = true;
            Thread.ofVirtual().name("memory-sampler " + dir.getFileName()).start(() -> {
                while (sampling && Files.exists(dir)) {
                    sampledPeak.accumulateAndGet(CgroupFiles.readLong(dir.resolve("memory.current")), Math::max);
                    try {
                        Thread.sleep(SAMPLE_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        @Override
        public Reading read() {
            sampling = false;
            Path stat = dir.resolve("cpu.stat");
            long peak = Files.exists(dir.resolve("memory.peak"))
                    ? CgroupFiles.readLong(dir.resolve("memory.peak"))
                    : sampledPeak.accumulateAndGet(CgroupFiles.readLong(dir.resolve("memory.current")), Math::max);
            return new Reading(CgroupFiles.readKey(stat, "user_usec") / MICROS, CgroupFiles.readKey(stat, "system_usec") / MICROS, peak,
                    CgroupFiles.readKey(dir.resolve("memory.events"), "oom_kill"), CgroupFiles.readKey(dir.resolve("pids.events"), "max"));
        }

        /** A write to {@code memory.peak} resets it for the writing file only (Linux 6.12 on): one cgroup per exec. */
        @Override
        public boolean resetPeak() {
            return false;
        }

        /** v2 has no per-thread entry outside threaded subtrees: the move takes the global threadgroup lock. */
        @Override
        String entryFileName() {
            return "cgroup.procs";
        }

        @Override
        boolean killAtOnce() {
            Path kill = dir.resolve("cgroup.kill");
            try {
                Files.writeString(kill, "1");
                return true;
            } catch (IOException e) {
                return false; // before Linux 5.14, or already removed
            }
        }
    }
}
