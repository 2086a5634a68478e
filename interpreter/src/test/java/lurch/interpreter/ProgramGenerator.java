package lurch.interpreter;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import lurch.interpreter.ast.Builder;
import lurch.interpreter.ast.Command;
import lurch.interpreter.ast.Command.*;

/** Random valid programs from a seed: every command, random nesting, awkward strings and numbers. */
final class ProgramGenerator {

    private static final String[] PIECES = {"a", "b", "Z", "0", " ", "\"", "\\", "\n", "\t", "é", "日本", "😀", ";", "(", ")",
            "${x}", "$", "{", "}", "=", "null", "t", "\\n"};

    private final Random random;

    ProgramGenerator(long seed) {
        this.random = new Random(seed);
    }

    Command program() {
        return command(4, false);
    }

    private Command command(int depth, boolean inIsolate) {
        boolean composite = depth > 0 && random.nextInt(3) > 0;
        int choice = composite ? 8 + random.nextInt(7) : random.nextInt(8);
        return switch (choice) {
            case 0 -> new NoOp(random.nextInt(256));
            case 1 -> new Pause(seconds());
            case 2 -> wait_();
            case 3 -> new Spawn("p" + string());
            case 4 -> new Break(1 + random.nextInt(3));
            case 5 -> new Approve(random.nextBoolean() ? null : seconds(), string(), random.nextBoolean());
            case 6, 7 -> inIsolate ? exec() : new NoOp(0);
            case 8 -> new Sequence(list(random.nextInt(4), () -> command(depth - 1, inIsolate)));
            case 9 -> new Retry(command(depth - 1, inIsolate), 1 + random.nextInt(5));
            case 10 -> new If(command(depth - 1, inIsolate), command(depth - 1, inIsolate), command(depth - 1, inIsolate));
            case 11 -> new Let(name(), random.nextInt(5) == 0 ? null : string(), string(), command(depth - 1, inIsolate));
            case 12 -> new For(name(), list(random.nextInt(4), this::string), command(depth - 1, inIsolate));
            default -> inIsolate ? new Sequence(List.of(command(depth - 1, true)))
                    : new Isolate(builder(), command(depth - 1, true));
        };
    }

    private Builder builder() {
        return random.nextBoolean() ? new Builder.Chroot("busybox") : new Builder.Docker("img" + random.nextInt(9) + ":v1");
    }

    private Exec exec() {
        List<String> env = list(random.nextInt(3), () -> "V" + random.nextInt(10) + "=" + string());
        return new Exec("/bin/" + string(), list(random.nextInt(4), this::string), env,
                random.nextBoolean() ? null : seconds());
    }

    private Wait wait_() {
        return new Wait(ints(0, 59), ints(0, 23), ints(1, 28), ints(1, 12), ints(0, 6));
    }

    private List<Integer> ints(int min, int max) {
        return list(random.nextInt(3), () -> min + random.nextInt(max - min + 1));
    }

    private double seconds() {
        return switch (random.nextInt(5)) {
            case 0 -> random.nextInt(1000);
            case 1 -> random.nextInt(100_000) / 100.0;
            case 2 -> random.nextDouble() * 1e6;
            case 3 -> random.nextDouble() * 1e-6;
            default -> Math.scalb(random.nextDouble() + 1, 40 + random.nextInt(40));
        };
    }

    private String name() {
        return random.nextBoolean() ? "v" + random.nextInt(100) : "n." + "é日".charAt(random.nextInt(2)) + "-" + random.nextInt(9);
    }

    String string() {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(6); i > 0; i--) {
            s.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return s.toString();
    }

    private <T> List<T> list(int size, Supplier<T> item) {
        List<T> items = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            items.add(item.get());
        }
        return items;
    }
}
