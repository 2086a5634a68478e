package lurch.isolation.chroot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import lurch.isolation.Environment;
import lurch.isolation.ExecRequest;
import lurch.isolation.Execution;
import lurch.isolation.IsolationConfig;
import lurch.isolation.IsolationException;
import lurch.isolation.OutputSink;
import lurch.isolation.cgroup.Cgroups;
import lurch.isolation.cgroup.ExecCgroup;
import lurch.isolation.linux.Native;

/**
 * Busybox chroots under {@code $LURCH_HOME/chroots/<id>}, and the cgroups of their execs, named
 * {@code lurch/<id>.<n>} so that clean-up can tell which isolate a cgroup belonged to.
 */
public final class ChrootIsolator {

    private static final System.Logger LOG = System.getLogger(ChrootIsolator.class.getName());
    private static final String TEMPLATE_DIR = ".busybox";

    private final Path chroots;
    private final Path busybox;
    private final BusyboxTemplate template;
    private final Cgroups cgroups;
    private final AtomicLong execSequence = new AtomicLong(System.currentTimeMillis()); // unique across restarts
    private final Map<String, Set<ChrootExecution>> running = new ConcurrentHashMap<>();
    /**
     * Starts the name of every exec cgroup of this LURCH_HOME, so that two servers (or a server and the
     * tests) on one host never take each other's cgroups for leftovers.
     */
    private final String cgroupPrefix;

    public ChrootIsolator(Path home, Path busybox, Cgroups cgroups) {
        this.chroots = home.resolve("chroots").toAbsolutePath();
        this.cgroupPrefix = "h" + IsolationConfig.homeTag(home) + "-";
        // The first chroot needs libc bound (0.1 s); a server's start need not wait for it.
        Thread.ofVirtual().name("bind libc").start(Native::load);
        this.busybox = busybox;
        this.template = new BusyboxTemplate(busybox, chroots.resolve(TEMPLATE_DIR));
        this.cgroups = cgroups;
    }

    public Environment.Chroot setUp(String id, String templateName, Path workspace, OutputSink log) throws IsolationException {
        if (!templateName.equals("busybox")) {
            throw new IsolationException("unknown chroot template '" + templateName + "': only \"busybox\" is available");
        }
        if (!Files.isDirectory(workspace)) {
            throw new IsolationException("workspace " + workspace + " of isolate " + id + " is not a directory");
        }
        Path root = chroots.resolve(id);
        Path templateBin = template.bin(log);
        try {
            if (Files.exists(root)) {
                if (ChrootLayout.isComplete(root)) {
                    return new Environment.Chroot(id, workspace, root);
                }
                dismantle(id, root); // half built when the server died: start over
            }
            ChrootLayout.build(root, templateBin, workspace.toAbsolutePath());
        } catch (IOException e) {
            tearDown(id);
            throw new IsolationException("cannot build chroot " + root + ": " + e.getMessage(), e);
        }
        return new Environment.Chroot(id, workspace, root);
    }

    public Execution start(Environment.Chroot env, ExecRequest request, OutputSink output) throws IsolationException {
        ExecCgroup cgroup = newCgroup(env.id());
        try {
            List<String> command = LaunchCommand.of(busybox, cgroup.entryFiles(), env.root(), request);
            ChrootExecution execution = ChrootExecution.start(command, request.env(), cgroup, output);
            Set<ChrootExecution> ofIsolate = running.computeIfAbsent(env.id(), key -> ConcurrentHashMap.newKeySet());
            ofIsolate.add(execution);
            execution.result().whenComplete((result, failure) -> ofIsolate.remove(execution));
            return execution;
        } catch (IOException e) {
            cgroup.remove();
            throw new IsolationException("cannot launch " + request.path() + " in chroot " + env.root() + ": " + e.getMessage(), e);
        }
    }

    public void tearDown(String id) {
        Set<ChrootExecution> executions = running.remove(id);
        if (executions != null) {
            executions.forEach(ChrootExecution::kill);
        }
        for (String name : cgroups.existing(cgroupPrefix + id + ".")) {
            if (isolateOf(name).equals(id)) {
                cgroups.open(name).remove();
            }
        }
        dismantle(id, chroots.resolve(id));
    }

    public void removeLeftovers(Set<String> liveIds) {
        // No process outlives the server that started it: the engine fails the runs of lost processes,
        // so every exec cgroup is a leftover, even in an isolate that carries on.
        for (String name : cgroups.existing(cgroupPrefix)) {
            cgroups.open(name).remove();
        }
        for (Path dir : chrootDirectories()) {
            String name = dir.getFileName().toString();
            if (name.startsWith(TEMPLATE_DIR + ".tmp") || !name.startsWith(".") && !liveIds.contains(name)) {
                dismantle(name, dir);
            }
        }
    }

    private ExecCgroup newCgroup(String id) throws IsolationException {
        String name = cgroupPrefix + id + "." + Long.toString(execSequence.incrementAndGet(), 36);
        try {
            return cgroups.create(name);
        } catch (IOException e) {
            throw new IsolationException("cannot create the cgroup " + name + " of an exec: " + e.getMessage()
                    + " (check CGROUP_VERSION and CGROUP_MOUNT_POINT)", e);
        }
    }

    /** The isolate id in a cgroup name {@code <prefix><id>.<n>}. */
    private String isolateOf(String cgroupName) {
        int dot = cgroupName.lastIndexOf('.');
        return cgroupName.substring(cgroupPrefix.length(), dot < 0 ? cgroupName.length() : dot);
    }

    private List<Path> chrootDirectories() {
        try (Stream<Path> entries = Files.list(chroots)) {
            return entries.toList();
        } catch (IOException e) {
            return new ArrayList<>(); // no chroots directory yet
        }
    }

    private static void dismantle(String id, Path root) {
        try {
            if (!ChrootLayout.dismantle(root)) {
                LOG.log(System.Logger.Level.WARNING, "chroot of isolate " + id + " at " + root
                        + " still has mounts or foreign files; left in place");
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove chroot " + root + ": " + e.getMessage());
        }
    }
}
