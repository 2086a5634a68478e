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
import lurch.isolation.HostTools;
import lurch.isolation.IsolationConfig;
import lurch.isolation.IsolationException;
import lurch.isolation.OutputSink;
import lurch.isolation.SandboxConfig;
import lurch.isolation.cgroup.Cgroups;
import lurch.isolation.cgroup.ExecCgroup;

/**
 * Busybox chroots, each in namespaces of its own ({@link Sandbox}) mounted on the empty host directory
 * {@code $LURCH_HOME/chroots/<id>}, and the cgroups of their execs, named {@code lurch/<home><id>.<n>} (the
 * holder's {@code .holder}) so that clean-up can tell which isolate a cgroup belonged to.
 */
public final class ChrootIsolator {

    private static final System.Logger LOG = System.getLogger(ChrootIsolator.class.getName());
    private static final String TEMPLATE_DIR = ".busybox";
    private static final String HOLDER = "holder";

    private final Path chroots;
    private final HostTools tools;
    private final SandboxConfig sandbox;
    private final BusyboxTemplate template;
    private final RootSkeleton skeleton;
    private final Cgroups cgroups;
    private final SandboxProgram sandboxProgram;
    private final AtomicLong execSequence = new AtomicLong(System.currentTimeMillis()); // unique across restarts
    private final Map<String, Sandbox> sandboxes = new ConcurrentHashMap<>();
    private final Map<String, IsolateCgroups> execCgroups = new ConcurrentHashMap<>();
    private final Map<String, Set<ChrootExecution>> running = new ConcurrentHashMap<>();
    /**
     * Starts the name of every cgroup of this LURCH_HOME, so that two servers (or a server and the
     * tests) on one host never take each other's cgroups for leftovers.
     */
    private final String cgroupPrefix;

    public ChrootIsolator(Path home, HostTools tools, Cgroups cgroups, SandboxConfig sandbox) {
        this.chroots = home.resolve("chroots").toAbsolutePath();
        this.cgroupPrefix = "h" + IsolationConfig.homeTag(home) + "-";
        this.tools = tools;
        this.sandbox = sandbox;
        this.template = new BusyboxTemplate(tools.busybox(), chroots.resolve(TEMPLATE_DIR));
        this.skeleton = new RootSkeleton(tools.busybox(), chroots, sandbox.uid());
        this.cgroups = cgroups;
        this.sandboxProgram = new SandboxProgram(chroots);
    }

    public Environment.Chroot setUp(String id, String templateName, Path workspace, Path artifacts, OutputSink log) throws IsolationException {
        if (!templateName.equals("busybox")) {
            throw new IsolationException("unknown chroot template '" + templateName + "': only \"busybox\" is available");
        }
        if (!Files.isDirectory(workspace)) {
            throw new IsolationException("workspace " + workspace + " of isolate " + id + " is not a directory");
        }
        Path root = chroots.resolve(id);
        Sandbox existing = sandboxes.get(id);
        if (existing != null && existing.isAlive()) {
            return new Environment.Chroot(id, workspace, root);
        }
        Sandbox.ChrootFiles files = new Sandbox.ChrootFiles(template.bin(log), skeleton.dir());
        Path program = sandboxProgram.path();
        tearDown(id); // what a dead holder or a crashed server left
        try {
            WorkspaceOwner.handTo(workspace, sandbox.uid());
            if (artifacts != null) {
                WorkspaceOwner.handTo(artifacts, sandbox.uid());
            }
            Files.createDirectories(root);
            sandboxes.put(id, Sandbox.start(program, sandbox, newCgroup(id, HOLDER), root, files, workspace.toAbsolutePath(),
                    artifacts == null ? null : artifacts.toAbsolutePath()));
            execCgroups.put(id, new IsolateCgroups(() -> newCgroup(id, Long.toString(execSequence.incrementAndGet(), 36))));
        } catch (IOException e) {
            tearDown(id);
            throw new IsolationException("cannot build chroot " + root + ": " + e.getMessage(), e);
        }
        return new Environment.Chroot(id, workspace, root);
    }

    public Execution start(Environment.Chroot env, ExecRequest request, OutputSink output) throws IsolationException {
        Sandbox namespaces = sandboxes.get(env.id());
        IsolateCgroups isolateCgroups = execCgroups.get(env.id());
        if (namespaces == null || isolateCgroups == null || !namespaces.isAlive()) {
            throw new IsolationException("the namespaces of isolate " + env.id() + " are gone (its holder process ended)");
        }
        IsolateCgroups.Lease lease = isolateCgroups.take();
        try {
            ChrootExecution execution = ChrootExecution.start(namespaces.launch(lease.cgroup().entryFiles(), request.path(),
                    request.args(), request.env()), lease, isolateCgroups, sandbox.limits(), output);
            Set<ChrootExecution> ofIsolate = running.computeIfAbsent(env.id(), key -> ConcurrentHashMap.newKeySet());
            ofIsolate.add(execution);
            execution.result().whenComplete((result, failure) -> ofIsolate.remove(execution));
            return execution;
        } catch (IOException e) {
            lease.cgroup().remove();
            throw new IsolationException("cannot launch " + request.path() + " in chroot " + env.root() + ": " + e.getMessage(), e);
        }
    }

    public void tearDown(String id) {
        Set<ChrootExecution> executions = running.remove(id);
        if (executions != null) {
            executions.forEach(ChrootExecution::kill);
        }
        Sandbox namespaces = sandboxes.remove(id);
        if (namespaces != null) {
            namespaces.kill();
        }
        IsolateCgroups isolateCgroups = execCgroups.remove(id);
        if (isolateCgroups != null) {
            isolateCgroups.close();
        }
        for (String name : cgroups.existing(cgroupPrefix + id + ".")) {
            if (isolateOf(name).equals(id)) {
                cgroups.open(name).remove();
            }
        }
        dismantle(id, chroots.resolve(id));
    }

    /**
     * No process outlives the server that started it: the engine fails the runs of lost processes, and an
     * isolate that carries on gets new namespaces at its next set-up, so every cgroup of this home is a
     * leftover, but those of the isolates this isolator set up itself.
     */
    public void removeLeftovers(Set<String> liveIds) {
        for (String name : cgroups.existing(cgroupPrefix)) {
            if (!sandboxes.containsKey(isolateOf(name))) {
                cgroups.open(name).remove();
            }
        }
        for (Path dir : chrootDirectories()) {
            String name = dir.getFileName().toString();
            if (AtomicDirectory.isStaging(name) || !name.startsWith(".") && !liveIds.contains(name) && !sandboxes.containsKey(name)) {
                dismantle(name, dir);
            }
        }
    }

    private ExecCgroup newCgroup(String id, String suffix) throws IsolationException {
        String name = cgroupPrefix + id + "." + suffix;
        try {
            return cgroups.create(name, sandbox.limits());
        } catch (IOException e) {
            throw new IsolationException("cannot create the cgroup " + name + ": " + e.getMessage()
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
