package lurch.db;

/** Resources a run used, from its cgroup; for a parent, the sums over its subtree. */
public record Usage(double cpuUserSeconds, double cpuSystemSeconds, long memoryPeakBytes) {
    public static final Usage NONE = new Usage(0, 0, 0);

    public Usage plus(Usage other) {
        return new Usage(cpuUserSeconds + other.cpuUserSeconds, cpuSystemSeconds + other.cpuSystemSeconds,
                Math.max(memoryPeakBytes, other.memoryPeakBytes));
    }
}
