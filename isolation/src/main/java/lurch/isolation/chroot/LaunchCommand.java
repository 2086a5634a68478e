package lurch.isolation.chroot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import lurch.isolation.ExecRequest;

/**
 * The command line that runs a request in a chroot, through the host's static busybox only, each
 * step exec'ing the next so that the JDK's child process is the program itself in the end:
 * <ol>
 * <li>{@code sh} moves itself into the exec's cgroup(s) by writing {@code 0} into their entry files,
 *     so the program is measured from its first instruction, and unsets the variables the shell added
 *     itself;</li>
 * <li>{@code nsenter -F -r ROOT -w ROOT/workspace} chroots and changes to {@code /workspace} in one
 *     step (busybox {@code chroot} would go to {@code /} and need a shell to change directory), then
 *     execs the program; a missing one ends with 127 and "nsenter: can't execute 'PATH': ...".</li>
 * </ol>
 * No {@code setsid}: the cgroup holds every process of the exec, forked or daemonized, so killing the
 * cgroup is the one complete way to stop it; an extra exec per launch would buy nothing.
 */
final class LaunchCommand {

    /** Variables busybox sh sets on its own; unset unless the request gave them. */
    private static final List<String> SHELL_VARIABLES = List.of("SHLVL", "OLDPWD", "PWD", "PATH");

    private LaunchCommand() {}

    static List<String> of(Path busybox, List<Path> cgroupEntryFiles, Path root, ExecRequest request) {
        String host = busybox.toString();
        List<String> command = new ArrayList<>(List.of(host, "sh", "-c", hostScript(cgroupEntryFiles.size(), request.env().keySet()), "sh"));
        cgroupEntryFiles.forEach(file -> command.add(file.toString()));
        command.addAll(List.of(host, "nsenter", "-F", "-r" + root, "-w" + root.resolve("workspace"),
                request.path()));
        command.addAll(request.args());
        return command;
    }

    private static String hostScript(int cgroups, Set<String> given) {
        StringBuilder script = new StringBuilder();
        for (int i = 1; i <= cgroups; i++) {
            script.append("echo 0 > \"$").append(i).append("\" || exit 127; ");
        }
        script.append("shift ").append(cgroups).append("; ");
        List<String> added = SHELL_VARIABLES.stream().filter(name -> !given.contains(name)).toList();
        if (!added.isEmpty()) {
            script.append("unset ").append(String.join(" ", added)).append("; ");
        }
        return script.append("exec \"$@\"").toString();
    }
}
