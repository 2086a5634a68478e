package lurch.isolation.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import lurch.isolation.CgroupConfig;
import lurch.isolation.DockerPull;
import lurch.isolation.Environment;
import lurch.isolation.ExecRequest;
import lurch.isolation.Execution;
import lurch.isolation.IsolationConfig;
import lurch.isolation.IsolationException;
import lurch.isolation.OutputSink;
import lurch.isolation.SandboxConfig;
import lurch.isolation.Stream;

/**
 * Docker isolates: one container {@code lurch-<home>-<id>} per isolate, labelled {@code lurch.isolate=<id>}
 * and {@code lurch.home=<home>} ({@code <home>} a hash of LURCH_HOME: servers of different homes on one
 * engine, the tests among them, neither share nor clean up each other's containers),
 * running {@code sleep} with the workspace bound at {@code /workspace}; each exec is a docker exec.
 * The image's own ENV (PATH, say) stays visible to execs: Docker cannot start an exec without it.
 */
public final class DockerIsolator implements AutoCloseable {

    static final String LABEL = "lurch.isolate";
    static final String HOME_LABEL = "lurch.home";
    /** What keeps a container up, under Docker's init; "infinity" is not understood by every sleep. */
    private static final List<String> KEEPER = List.of("sleep", "2147483647");
    static final Duration CHECK_PERIOD = Duration.ofSeconds(5);

    private final DockerConnection connection;
    private final String homeTag;
    private final DockerPull pull;
    private final CgroupConfig cgroups;
    private final SandboxConfig sandbox;
    private final Map<String, ContainerCgroup> meters = new ConcurrentHashMap<>();
    private final Map<String, Set<DockerExecution>> running = new ConcurrentHashMap<>();
    /** Isolates this instance set up: never leftovers, though the clean-up may run after they started. */
    private final Set<String> ownIds = ConcurrentHashMap.newKeySet();
    /** Containers of torn-down isolates that the engine could not remove then: removed when it answers again. */
    private final Set<String> unremoved = ConcurrentHashMap.newKeySet();
    /** Checks the engine while execs run or containers wait to be removed (see {@link #checkEngine}). */
    private final ScheduledExecutorService engineCheck = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("lurch-docker-check").factory());
    private final AtomicBoolean checking = new AtomicBoolean();
    private final ContainersMark mark;

    public DockerIsolator(Path home, String dockerHost, DockerPull pull, CgroupConfig cgroups, SandboxConfig sandbox) {
        this.homeTag = IsolationConfig.homeTag(home);
        this.mark = new ContainersMark(home);
        this.connection = new DockerConnection(dockerHost);
        this.pull = pull;
        this.cgroups = cgroups;
        this.sandbox = sandbox;
    }

    public Environment.Docker setUp(String id, String image, Path workspace, Path artifacts, OutputSink log) throws IsolationException {
        mark.set();
        ownIds.add(id);
        if (checking.compareAndSet(false, true)) {
            engineCheck.scheduleWithFixedDelay(this::checkEngine, CHECK_PERIOD.toMillis(), CHECK_PERIOD.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        DockerClient docker = connection.client();
        String name = containerName(id);
        try {
            removeUnremoved(docker);
            InspectContainerResponse existing = connection.answer(() -> inspect(docker, name));
            if (existing != null && Boolean.TRUE.equals(existing.getState().getRunning())) {
                return environment(docker, id, workspace, image, existing.getId());
            }
            if (existing != null) {
                connection.answer(() -> docker.removeContainerCmd(existing.getId()).withForce(true).exec());
            }
            ImagePull.ensure(connection, image, pull, log);
            log.line(Stream.INFO, System.currentTimeMillis(), "Starting container " + name + " of image " + image);
            String containerId = connection.answer(() -> docker.createContainerCmd(image).withName(name).withLabels(Map.of(LABEL, id, HOME_LABEL, homeTag))
                    .withEntrypoint(KEEPER.getFirst()).withCmd(KEEPER.get(1)).withWorkingDir("/workspace")
                    .withHostConfig(hostConfig(workspace, artifacts))
                    .exec().getId());
            connection.answer(() -> docker.startContainerCmd(containerId).exec());
            return environment(docker, id, workspace, image, containerId);
        } catch (RuntimeException e) {
            throw new IsolationException("cannot start a container of image '" + image + "' for isolate " + id + ": "
                    + failure(e), e);
        }
    }

    public Execution start(Environment.Docker env, ExecRequest request, OutputSink output) throws IsolationException {
        try {
            ContainerCgroup meter = meters.computeIfAbsent(env.id(), id -> ContainerCgroup.of(cgroups, -1, KEEPER));
            DockerExecution execution = DockerExecution.start(connection, env.containerId(), request, output, meter, sandbox.limits());
            Set<DockerExecution> ofIsolate = running.computeIfAbsent(env.id(), id -> ConcurrentHashMap.newKeySet());
            ofIsolate.add(execution);
            execution.result().whenComplete((result, failure) -> ofIsolate.remove(execution));
            return execution;
        } catch (RuntimeException e) {
            throw new IsolationException("cannot exec " + request.path() + " in container " + containerName(env.id())
                    + ": " + failure(e), e);
        }
    }

    /**
     * What went wrong, naming the engine when it did not answer (an error it answered with is a
     * {@link DockerException}); then the clients are dropped, so that the next call reconnects afresh.
     */
    private String failure(RuntimeException e) {
        if (e instanceof DockerException) {
            return DockerConnection.reason(e);
        }
        connection.close();
        return "the Docker engine at " + connection.dockerHost() + " stopped answering: " + DockerConnection.reason(e);
    }

    /**
     * Every {@link #CHECK_PERIOD} while execs run or containers wait for removal: an engine that does not answer
     * a ping (within {@link DockerConnection#ANSWER_TIMEOUT}) ends every running exec as failed, since an exec's
     * output stream may hang rather than end; an engine that answers gets the waiting containers removed.
     */
    private void checkEngine() {
        boolean execsRun = running.values().stream().anyMatch(executions -> !executions.isEmpty());
        if (!execsRun && unremoved.isEmpty()) {
            return;
        }
        try {
            connection.ping();
        } catch (IsolationException | RuntimeException e) {
            running.values().forEach(executions -> executions.forEach(execution -> execution.engineLost(e)));
            connection.close();
            return;
        }
        try {
            removeUnremoved(connection.client());
        } catch (IsolationException | RuntimeException e) {
            connection.warn("cannot remove the containers of torn-down isolates yet", e);
        }
    }

    /** Removes the containers {@link #tearDown} could not; throws when the engine does not answer. */
    private void removeUnremoved(DockerClient docker) {
        for (String name : unremoved) {
            try {
                connection.answer(() -> docker.removeContainerCmd(name).withForce(true).exec());
                unremoved.remove(name);
            } catch (NotFoundException e) {
                unremoved.remove(name); // gone with the engine's data
            } catch (DockerException e) {
                connection.warn("cannot remove container " + name + " yet", e);
            }
        }
    }

    /**
     * Kills the isolate's execs and removes its container; without a Docker engine, or a container of this home
     * (no {@link ContainersMark}), there is nothing to do.
     */
    public void tearDown(String id) {
        Set<DockerExecution> executions = running.remove(id);
        if (executions != null) {
            executions.forEach(DockerExecution::kill);
        }
        meters.remove(id);
        if (!ownIds.remove(id) && !mark.isSet()) {
            return;
        }
        try {
            DockerClient docker = connection.client();
            connection.answer(() -> docker.removeContainerCmd(containerName(id)).withForce(true).exec());
        } catch (NotFoundException e) {
            // already gone
        } catch (IsolationException | RuntimeException e) {
            unremoved.add(containerName(id));
            connection.warn("cannot remove container " + containerName(id) + " now; it will be when the engine answers", e);
        }
    }

    /** Removes the containers of this home but those of {@code liveIds} and of this isolator's own isolates. */
    public void removeLeftovers(Set<String> liveIds) {
        if (!mark.isSet()) {
            return;
        }
        try {
            List<Container> containers = connection.client().listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(HOME_LABEL, homeTag)).exec();
            boolean kept = false;
            for (Container container : containers) {
                String id = container.getLabels().get(LABEL);
                if (!liveIds.contains(id) && !ownIds.contains(id)) {
                    connection.client().removeContainerCmd(container.getId()).withForce(true).exec();
                } else {
                    kept = true;
                }
            }
            if (!kept) {
                mark.clear();
            }
        } catch (IsolationException | RuntimeException e) {
            connection.warn("cannot look for leftover containers", e);
        }
    }

    @Override
    public void close() {
        engineCheck.shutdownNow();
        connection.close();
    }

    /** The container of isolate {@code isolateId} of the server whose LURCH_HOME is {@code home}. */
    public static String containerName(Path home, String isolateId) {
        return containerName(IsolationConfig.homeTag(home), isolateId);
    }

    private String containerName(String id) {
        return containerName(homeTag, id);
    }

    private static String containerName(String homeTag, String id) {
        return "lurch-" + homeTag + "-" + id;
    }

    private Environment.Docker environment(DockerClient docker, String id, Path workspace, String image, String containerId) {
        Long pid = connection.answer(() -> docker.inspectContainerCmd(containerId).exec().getState().getPidLong());
        meters.put(id, ContainerCgroup.of(cgroups, pid == null ? -1 : pid, KEEPER));
        return new Environment.Docker(id, workspace, image, containerId);
    }

    /**
     * What a container may do: under Docker's init (it reaps what execs leave behind), never privileged, no new privileges (setuid programs do not raise them), no
     * device nodes made or raw sockets opened, the isolate's memory and process limits (no swap beyond the
     * memory), no host path but the workspace and the artifacts directory, and Docker's bridge network (no host loopback) unless
     * LURCH_DOCKER_NETWORK names another.
     */
    private HostConfig hostConfig(Path workspace, Path artifacts) {
        List<Bind> binds = new ArrayList<>(List.of(new Bind(workspace.toAbsolutePath().toString(), new Volume("/workspace"))));
        if (artifacts != null) {
            binds.add(new Bind(artifacts.toAbsolutePath().toString(), new Volume("/artifacts")));
        }
        HostConfig config = HostConfig.newHostConfig()
                .withBinds(binds)
                .withInit(true).withPrivileged(false).withSecurityOpts(List.of("no-new-privileges"))
                .withCapDrop(Capability.MKNOD, Capability.NET_RAW, Capability.AUDIT_WRITE, Capability.SETFCAP)
                .withMemory(sandbox.limits().memoryBytes()).withMemorySwap(sandbox.limits().memoryBytes())
                .withPidsLimit((long) sandbox.limits().pids());
        return sandbox.dockerNetwork() == null ? config : config.withNetworkMode(sandbox.dockerNetwork());
    }

    private static InspectContainerResponse inspect(DockerClient docker, String name) {
        try {
            return docker.inspectContainerCmd(name).exec();
        } catch (NotFoundException e) {
            return null;
        }
    }
}
