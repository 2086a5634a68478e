/**
 * Runs the {@code exec}s of an {@code isolate}: in a busybox chroot or a Docker container, each
 * process in a cgroup of its own. Entry point: {@link lurch.isolation.Isolators#create} with an
 * {@link lurch.isolation.IsolationConfig} (usually {@code IsolationConfig.fromEnvironment}); the
 * {@link lurch.isolation.Isolator} interface documents every call and which ones are idempotent.
 *
 * <p>Chroot: each isolate lives in user, mount, pid, ipc, uts and (by default) network namespaces of its own,
 * held by a reaping pid 1 and entered by each exec (see {@code chroot.Sandbox}); root inside is the unprivileged
 * host uid of {@link lurch.isolation.SandboxConfig}. Its file system, built inside the mount namespace on the
 * empty host directory {@code $LURCH_HOME/chroots/<id>}, is a tmpfs holding a read-only bind of the shared
 * template {@code $LURCH_HOME/chroots/.busybox/bin} (static busybox + one symlink per applet; delete that
 * directory to rebuild it from another busybox), the namespace's {@code /proc}, a small {@code /dev} and the
 * workspace at {@code /workspace}, made the root by {@code pivot_root}. Tear-down kills the holder: the
 * namespaces, their processes and mounts go with it.
 *
 * <p>Cgroups: each exec gets {@code lurch/<id>.<n>} (v1: in the cpuacct, memory and pids hierarchies;
 * v2: in a {@code lurch/} subtree with +cpu +memory +pids), limited by {@link lurch.isolation.Limits} and entered
 * by the launching shell before it execs the program. When the program exits, processes it left in the cgroup are killed, the figures are
 * read and the cgroup is removed.
 *
 * <p>Limits: a program killed by a signal that Lurch did not send shows 128+N (the JDK does not tell
 * signals from exit codes); docker execs see the image's ENV besides the given one, and their figures
 * are container-wide deltas (see {@code ContainerCgroup}); sub-packages are internal.
 */
package lurch.isolation;
