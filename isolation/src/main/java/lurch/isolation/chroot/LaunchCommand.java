package lurch.isolation.chroot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import lurch.isolation.ExecRequest;

/**
 * The command line that runs a request in a chroot, through the host's static busybox only:
 * <ol>
 * <li>{@code sh} writes its own pid into the exec's cgroup(s), so the program is measured from its
 *     first instruction, then execs</li>
 * <li>{@code setsid}, making it leader of a new process group that {@code kill} can target, then</li>
 * <li>{@code chroot} into the root, where the chroot's {@code sh} changes to {@code /workspace},
 *     removes the variables the shells added, checks that the program exists and execs it.</li>
 * </ol>
 * Every step execs the next, so the JDK's child process is the program itself in the end.
 */
final class LaunchCommand {

    /** Variables busybox sh sets on its own; unset unless the request gave them. */
    private static final List<String> SHELL_VARIABLES = List.of("SHLVL", "OLDPWD", "PWD", "PATH");

    private LaunchCommand() {}

    static List<String> of(Path busybox, List<Path> procsFiles, Path root, ExecRequest request) {
        String host = busybox.toString();
        List<String> command = new ArrayList<>(List.of(host, "sh", "-c", enterCgroups(procsFiles.size()), "sh"));
        procsFiles.forEach(file -> command.add(file.toString()));
        command.addAll(List.of(host, "setsid", host, "chroot", root.toString(), "/bin/sh", "-c",
                inChroot(request.env().keySet()), "sh", request.path()));
        command.addAll(request.args());
        return command;
    }

    private static String enterCgroups(int count) {
        StringBuilder script = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            script.append("echo $$ > \"$").append(i).append("\" || exit 127; ");
        }
        return script.append("shift ").append(count).append("; exec \"$@\"").toString();
    }

    private static String inChroot(Set<String> given) {
        List<String> added = SHELL_VARIABLES.stream().filter(name -> !given.contains(name)).toList();
        return "cd /workspace || exit 127; "
                + (added.isEmpty() ? "" : "unset " + String.join(" ", added) + "; ")
                + "command -v \"$1\" >/dev/null || { echo \"lurch: cannot run $1: not found in the chroot\" >&2; exit 127; }; "
                + "exec \"$@\"";
    }
}
