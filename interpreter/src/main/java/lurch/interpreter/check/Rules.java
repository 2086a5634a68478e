package lurch.interpreter.check;

import java.util.List;
import java.util.regex.Pattern;
import lurch.interpreter.ast.Builder;
import lurch.interpreter.ast.Command;
import lurch.interpreter.ast.Command.Exec;
import lurch.interpreter.syntax.Numbers;

/** The checks of single values: names, seconds, exec's parts, builder arguments. */
final class Rules {

    /** {@code ${name}} could not refer to a name holding these. */
    private static final Pattern BAD_NAME_CHARACTER = Pattern.compile("[\\s${}]");
    private static final Pattern ENV_NAME = Pattern.compile("[^=\\s]+");

    private Rules() {}

    static void name(Validator v, Command command, String name) {
        if (name.isEmpty()) {
            v.report(v.sourceMap().argument(command, 0), "the variable name of " + command.keyword() + " is empty");
        } else if (BAD_NAME_CHARACTER.matcher(name).find()) {
            v.report(v.sourceMap().argument(command, 0), "the variable name '" + name + "' of " + command.keyword()
                    + " cannot be referred to as ${" + name + "}: it must not contain spaces, '$', '{' or '}'");
        }
    }

    static void seconds(Validator v, Command command, int argument, Double seconds, String what) {
        if (seconds != null && !(seconds >= 0)) {
            v.report(v.sourceMap().argument(command, argument),
                    what + " must be a number of seconds >= 0, found " + Numbers.format(seconds));
        }
    }

    static void exec(Validator v, Exec exec) {
        v.require(!exec.path().isBlank(), exec, 0, "exec needs the path of a program, found an empty string");
        List<String> env = exec.env();
        for (int i = 0; i < env.size(); i++) {
            int equals = env.get(i).indexOf('=');
            if (equals < 1 || !ENV_NAME.matcher(env.get(i).substring(0, equals)).matches()) {
                v.report(v.sourceMap().item(exec, 2, i), "an environment entry of exec must read NAME=VALUE, found \""
                        + env.get(i) + "\"");
            }
        }
        seconds(v, exec, 3, exec.timeoutSeconds(), "the timeout of exec");
    }

    static void template(Validator v, Builder.Chroot chroot) {
        String template = chroot.template();
        boolean expanded = template.contains("${");
        v.require(expanded || Validator.CHROOT_TEMPLATES.contains(template), chroot, 0,
                "unknown chroot template \"" + template + "\": expected one of " + Validator.CHROOT_TEMPLATES);
    }

    static void image(Validator v, Builder.Docker docker) {
        String image = docker.image();
        v.require(!image.isBlank() && !image.matches(".*\\s.*"), docker, 0,
                "a docker image name must be non-empty without spaces, found \"" + image + "\"");
    }
}
