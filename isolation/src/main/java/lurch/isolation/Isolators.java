package lurch.isolation;

import lurch.isolation.cgroup.Cgroups;
import lurch.isolation.chroot.ChrootIsolator;
import lurch.isolation.docker.DockerIsolator;

/** Makes the {@link Isolator} of a server: chroots and containers behind one interface. */
public final class Isolators {

    private Isolators() {}

    /** No Docker connection, cgroup or chroot directory is made until first use. */
    public static Isolator create(IsolationConfig config) {
        return new RoutingIsolator(new ChrootIsolator(config.home(), config.tools(), Cgroups.of(config.cgroups()), config.sandbox()),
                new DockerIsolator(config.home(), config.dockerHost(), config.dockerPull(), config.cgroups(),
                        config.sandbox()));
    }
}
