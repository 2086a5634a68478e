package lurch.isolation.cgroup;

import java.io.IOException;
import java.util.List;
import lurch.isolation.CgroupConfig;
import lurch.isolation.Limits;

/** The {@code lurch/} part of the cgroup tree: one cgroup per exec, named by the caller. */
public sealed interface Cgroups permits CgroupV1, CgroupV2 {

    static Cgroups of(CgroupConfig config) {
        return config.version() == 1 ? new CgroupV1(config.mountPoint()) : new CgroupV2(config.mountPoint());
    }

    /** Creates the cgroup {@code lurch/name} with {@code limits} set; fails if it exists. */
    ExecCgroup create(String name, Limits limits) throws IOException;

    /** The cgroup {@code lurch/name}, which may or may not exist (for clean-up). */
    ExecCgroup open(String name);

    /** Names of the cgroups under {@code lurch/} that start with {@code prefix} ("" for all). */
    List<String> existing(String prefix);
}
