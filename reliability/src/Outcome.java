import java.util.List;

/**
 * One scenario's row: which fault, the figures that show what held (lines stored/expected, deliveries
 * answered/built, seconds to recover), whether every invariant held, and why not.
 */
record Outcome(String id, String fault, String figures, Verdict verdict, String note) {

    enum Verdict { PASS, FAIL, SKIPPED }

    static Outcome checked(String id, String fault, String figures, List<String> broken) {
        return new Outcome(id, fault, figures, broken.isEmpty() ? Verdict.PASS : Verdict.FAIL, String.join("; ", broken));
    }

    static Outcome skipped(String id, String fault, String why) {
        return new Outcome(id, fault, "", Verdict.SKIPPED, why);
    }

    static Outcome error(String id, String fault, Exception e) {
        return new Outcome(id, fault, "", Verdict.FAIL, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
}
