package lurch.isolation;

/** What an exec consumed, read from its cgroup: CPU seconds in user and kernel mode, peak memory. */
public record ResourceUsage(double cpuUserSeconds, double cpuSystemSeconds, long memoryPeakBytes) {

    public static final ResourceUsage NONE = new ResourceUsage(0, 0, 0);
}
