package lurch.isolation;

import lurch.isolation.cgroup.Cgroups;
import lurch.isolation.chroot.ChrootIsolator;
import lurch.isolation.docker.DockerIsolator;
import lurch.isolation.linux.Native;

/** Makes the {@link Isolator} of a server: chroots and containers behind one interface. */
public final class Isolators {

    private Isolators() {}

    /** No Docker connection, cgroup or chroot directory is made until first use. */
    public static Isolator create(IsolationConfig config) {
        // The first chroot needs libc bound (0.1 s); a server's start need not wait for it.
        Thread.ofVirtual().name("bind libc").start(Native::load);
        return new RoutingIsolator(new ChrootIsolator(config.home(), config.busybox(), Cgroups.of(config.cgroups())),
                new DockerIsolator(config.home(), config.dockerHost(), config.cgroups()));
    }
}
