package lurch.isolation.chroot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that starts a process in a cgroup, through the host's static busybox shell, each step
 * exec'ing the next so that the JDK's child process is the program's launcher in the end: {@code sh} moves
 * itself into the cgroup(s) by writing {@code 0} into their entry files, so the program is measured and
 * limited from its first instruction, unsets the variables the shell added itself, and execs the rest
 * (the isolate's holder, {@link Sandbox}). No {@code setsid}: the cgroup holds every process of the exec,
 * forked or daemonized, so killing the cgroup is the one complete way to stop it.
 */
final class LaunchCommand {

    /** Variables busybox sh sets on its own. */
    private static final List<String> SHELL_VARIABLES = List.of("SHLVL", "OLDPWD", "PWD", "PATH");

    private LaunchCommand() {}

    /** {@code command} started in the cgroup of {@code cgroupEntryFiles}, with an empty environment. */
    static List<String> inCgroup(Path busybox, List<Path> cgroupEntryFiles, List<String> command) {
        List<String> line = new ArrayList<>(List.of(busybox.toString(), "sh", "-c", hostScript(cgroupEntryFiles.size()), "sh"));
        cgroupEntryFiles.forEach(file -> line.add(file.toString()));
        line.addAll(command);
        return line;
    }

    private static String hostScript(int cgroups) {
        StringBuilder script = new StringBuilder();
        for (int i = 1; i <= cgroups; i++) {
            script.append("echo 0 > \"$").append(i).append("\" || exit 127; ");
        }
        return script.append("shift ").append(cgroups).append("; unset ").append(String.join(" ", SHELL_VARIABLES))
                .append("; exec \"$@\"").toString();
    }
}
