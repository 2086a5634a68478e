/** The programs the workloads run, in Lurch's language. */
final class Programs {

    static final String TRUE = "(isolate (chroot \"busybox\") (exec \"/bin/true\"))";
    static final String SEQ_MILLION = "(isolate (chroot \"busybox\") (exec \"/bin/seq\" (\"1\" \"1000000\")))";
    static final String SLEEP_2 = "(isolate (chroot \"busybox\") (exec \"/bin/sleep\" (\"2\")))";
    static final String NO_OP = "(no-op 0)";

    /** One isolate around a sequence of {@code count} {@code /bin/true}. */
    static String trueSequence(int count) {
        return "(isolate (chroot \"busybox\") (sequence" + " (exec \"/bin/true\")".repeat(count) + "))";
    }

    private Programs() {}
}
