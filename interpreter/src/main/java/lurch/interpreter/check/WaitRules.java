package lurch.interpreter.check;

import java.time.Month;
import java.util.List;
import java.util.stream.IntStream;
import lurch.interpreter.ast.Command.Wait;
import lurch.interpreter.eval.CronField;

/** A wait's fields must hold valid cron values, and together name at least one date that exists. */
final class WaitRules {

    private WaitRules() {}

    static void check(Validator v, Wait wait) {
        List<List<Integer>> values = List.of(wait.minutes(), wait.hours(), wait.monthDays(), wait.months(), wait.weekDays());
        boolean inRange = true;
        for (int f = 0; f < values.size(); f++) {
            CronField field = CronField.values()[f];
            for (int i = 0; i < values.get(f).size(); i++) {
                int value = values.get(f).get(i);
                if (!field.contains(value)) {
                    inRange = false;
                    v.report(v.sourceMap().item(wait, f, i), field.plural() + " in wait must be between "
                            + field.min() + " and " + field.max() + ", found " + value);
                }
            }
        }
        if (inRange && !someDayExists(wait)) {
            v.report(v.sourceMap().argument(wait, 2), "wait never ends: no month " + wait.months()
                    + " has a day " + wait.monthDays());
        }
    }

    /** With week days given, a day matches either field (as in cron), so some day always exists. */
    private static boolean someDayExists(Wait wait) {
        if (wait.monthDays().isEmpty() || !wait.weekDays().isEmpty()) {
            return true;
        }
        List<Integer> months = wait.months().isEmpty() ? IntStream.rangeClosed(1, 12).boxed().toList() : wait.months();
        return months.stream().anyMatch(m -> wait.monthDays().stream().anyMatch(d -> d <= Month.of(m).maxLength()));
    }
}
