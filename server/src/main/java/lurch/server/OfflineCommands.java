package lurch.server;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import lurch.interpreter.Diagnostic;
import lurch.interpreter.Programs;

/** {@code check FILE} and {@code fmt FILE}: the language alone, no server and no database. */
final class OfflineCommands {

    /** Prints nothing and exits 0 for a valid program; else one {@code FILE:LINE:COL: message} per error, exit 1. */
    static int check(List<String> args, PrintStream out, PrintStream err) {
        return withProgram(args, "check", err, parsed -> 0);
    }

    /** Prints the canonical form of a valid program. */
    static int fmt(List<String> args, PrintStream out, PrintStream err) {
        return withProgram(args, "fmt", err, parsed -> {
            out.print(Programs.print(parsed.program()));
            return 0;
        });
    }

    private static int withProgram(List<String> args, String command, PrintStream err,
                                   java.util.function.ToIntFunction<Programs.Parsed> onValid) {
        if (args.size() != 1) {
            err.println("lurch: usage: lurch " + command + " FILE");
            return 2;
        }
        String file = args.get(0);
        String source;
        try {
            source = file.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            err.println("lurch: " + file + ": no such file");
            return 1;
        } catch (IOException e) {
            err.println("lurch: " + file + ": " + e.getMessage());
            return 1;
        }
        Programs.Parsed parsed = Programs.parse(source);
        if (!parsed.ok()) {
            for (Diagnostic diagnostic : parsed.diagnostics()) {
                err.println(diagnostic.format(file));
            }
            return 1;
        }
        return onValid.applyAsInt(parsed);
    }

    private OfflineCommands() {}
}
