package lurch.isolation;

import lurch.isolation.cgroup.Cgroups;
import lurch.isolation.chroot.ChrootIsolator;
import lurch.isolation.docker.DockerIsolator;

/** Makes the {@link Isolator} of a server: chroots and containers behind one interface. */
public final class Isolators {

    private Isolators() {}

    /** Nothing is touched until first use: no Docker connection, no cgroup, no chroot directory. */
    public static Isolator create(IsolationConfig config) {
        return new RoutingIsolator(new ChrootIsolator(config.home(), config.busybox(), Cgroups.of(config.cgroups())),
                new DockerIsolator(config.dockerHost(), config.cgroups()));
    }
}
