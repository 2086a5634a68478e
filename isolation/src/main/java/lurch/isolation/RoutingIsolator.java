package lurch.isolation;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import lurch.interpreter.ast.Builder;
import lurch.isolation.chroot.ChrootIsolator;
import lurch.isolation.docker.DockerIsolator;

/**
 * Sends each call to the chroot or the docker backend. It remembers which ids are containers, so that
 * tearing down a chroot never waits for the Docker engine; an id it does not know (after a restart)
 * is torn down in both.
 */
final class RoutingIsolator implements Isolator {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    private final ChrootIsolator chroots;
    private final DockerIsolator containers;
    private final Set<String> chrootIds = ConcurrentHashMap.newKeySet();
    private final Set<String> containerIds = ConcurrentHashMap.newKeySet();

    RoutingIsolator(ChrootIsolator chroots, DockerIsolator containers) {
        this.chroots = chroots;
        this.containers = containers;
    }

    @Override
    public Environment setUp(String id, Builder builder, Path workspace, Path artifacts, OutputSink log) throws IsolationException {
        if (!ID.matcher(id).matches()) {
            throw new IsolationException("invalid isolate id '" + id + "': use 1 to 100 letters, digits, '-' or '_'");
        }
        return switch (builder) {
            case Builder.Chroot chroot -> {
                chrootIds.add(id);
                yield chroots.setUp(id, chroot.template(), workspace, artifacts, log);
            }
            case Builder.Docker docker -> {
                containerIds.add(id);
                yield containers.setUp(id, docker.image(), workspace, artifacts, log);
            }
        };
    }

    @Override
    public Execution start(Environment env, ExecRequest request, OutputSink output) throws IsolationException {
        return switch (env) {
            case Environment.Chroot chroot -> chroots.start(chroot, request, output);
            case Environment.Docker docker -> containers.start(docker, request, output);
        };
    }

    @Override
    public void tearDown(String id) {
        if (!ID.matcher(id).matches()) {
            return; // no isolate can have it
        }
        boolean chroot = chrootIds.remove(id);
        boolean container = containerIds.remove(id);
        if (chroot || !container) {
            chroots.tearDown(id);
        }
        if (container || !chroot) {
            containers.tearDown(id);
        }
    }

    @Override
    public CompletableFuture<Void> removeLeftovers(Set<String> liveIds) {
        chroots.removeLeftovers(liveIds);
        return CompletableFuture.runAsync(() -> containers.removeLeftovers(liveIds),
                runnable -> Thread.ofVirtual().name("remove leftover containers").start(runnable));
    }

    @Override
    public void close() {
        containers.close();
    }
}
