/*
 * lurch-sandbox: makes the namespaces of a chroot isolate, and starts each exec in them. The server runs it as
 * host root; it replaces, per exec, a shell, setpriv and busybox nsenter, and per isolate, util-linux unshare,
 * setpriv, a busybox shell as the holder and a busybox script for the file system.
 *
 *   lurch-sandbox hold UID own|host ROOT SKELETON TEMPLATE_BIN WORKSPACE ARTIFACTS|"" BUSYBOX [CGROUP_FILE...]
 *
 * Joins the holder's cgroups, then clones the holder: pid 1 of new user, mount, pid, ipc, uts and (own) network
 * namespaces, whose root is host uid UID (65536 ids from UID up are mapped). Host root then builds the isolate's
 * file system inside the mount namespace: a tmpfs on ROOT owned by UID, a copy of SKELETON, TEMPLATE_BIN bound
 * read-only at /bin, SKELETON/dev read-only at /dev, WORKSPACE at /workspace and ARTIFACTS, unless empty, at
 * /artifacts (nosuid and nodev, as the tmpfs), a /proc of the pid namespace, the loopback up, and pivot_root:
 * no host path is left in the namespace. It prints the holder's host pid on a line, and then stays, watching:
 * when its standard input ends (the server closed it or died) it kills the holder, and the isolate with it; when
 * the holder ends, it ends. The holder never execs: its memory stays the host's, so root of the isolate can
 * neither trace it nor read its /proc files; it only reaps orphans, which pid 1 of a namespace must.
 *
 *   lurch-sandbox enter HOLDER_PID own|host CGROUP_FILE... -- PROGRAM [ARG...]
 *
 * Joins the exec's cgroups first (so the program is measured and limited from its first instruction), then
 * the namespaces of the holder (the network one only when the isolate has its own), becomes root of the
 * isolate's user namespace (the sandbox uid on the host), sets no_new_privs, starts in /workspace and runs
 * PROGRAM with exactly the environment it was given, found on that environment's PATH. Every path is resolved
 * inside the isolate: joining the mount namespace sets the root, and /workspace is looked up after.
 *
 * Both report why they could not do their work on stderr, "lurch-sandbox: ...". hold exits 1 then; enter exits
 * 127 (126 when the program is not executable), and otherwise as the program did: with its exit code, or killed
 * by the same signal.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define CANNOT_START 127
#define NOT_EXECUTABLE 126

static void fail(int status, const char *format, ...) {
    int error = errno;
    va_list args;
    va_start(args, format);
    fputs("lurch-sandbox: ", stderr);
    vfprintf(stderr, format, args);
    va_end(args);
    fprintf(stderr, ": %s\n", strerror(error));
    exit(status);
}

static void usage(void) {
    fputs("usage: lurch-sandbox hold UID own|host ROOT SKELETON TEMPLATE_BIN WORKSPACE ARTIFACTS BUSYBOX [CGROUP_FILE...]\n"
          "       lurch-sandbox enter HOLDER_PID own|host CGROUP_FILE... -- PROGRAM [ARG...]\n", stderr);
    exit(CANNOT_START);
}

/* Moves this process into the cgroup whose entry file (cgroup.procs or tasks) is named. */
static void join_cgroup(const char *entry_file) {
    int fd = open(entry_file, O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write(fd, "0", 1) != 1) {
        fail(CANNOT_START, "cannot join the cgroup of %s", entry_file);
    }
    close(fd);
}

static int open_namespace(const char *holder, const char *name) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%s/ns/%s", holder, name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fail(CANNOT_START, "cannot open %s (has the isolate ended?)", path);
    }
    return fd;
}

static void join_namespace(int fd, const char *name) {
    if (setns(fd, 0) != 0) {
        fail(CANNOT_START, "cannot join the isolate's %s namespace", name);
    }
    close(fd);
}

/*
 * Joins the holder's namespaces. All are opened first, while /proc is the host's; the user namespace is joined
 * last, as host root keeps every right over the other ones until then.
 */
static void enter_namespaces(const char *holder, int own_network) {
    static const char *const names[] = {"ipc", "uts", "net", "pid", "mnt"};
    int fds[5];
    for (int i = 0; i < 5; i++) {
        fds[i] = own_network || strcmp(names[i], "net") != 0 ? open_namespace(holder, names[i]) : -1;
    }
    int user = open_namespace(holder, "user");
    for (int i = 0; i < 5; i++) {
        if (fds[i] >= 0) {
            join_namespace(fds[i], names[i]);
        }
    }
    if (setgroups(0, NULL) != 0) {
        fail(CANNOT_START, "cannot drop the supplementary groups");
    }
    join_namespace(user, "user");
    if (setresgid(0, 0, 0) != 0 || setresuid(0, 0, 0) != 0) {
        fail(CANNOT_START, "cannot become root of the isolate");
    }
}

/* Ends as the child ended: the same exit code, or killed by the same signal (without a core dump of its own). */
static void exit_like(int status) {
    if (WIFEXITED(status)) {
        exit(WEXITSTATUS(status));
    }
    int signal_number = WTERMSIG(status);
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    signal(signal_number, SIG_DFL);
    sigset_t only;
    sigemptyset(&only);
    sigaddset(&only, signal_number);
    sigprocmask(SIG_UNBLOCK, &only, NULL);
    raise(signal_number);
    exit(128 + signal_number);
}

static int enter(int argc, char **argv) {
    if (argc < 5) {
        usage();
    }
    const char *holder = argv[2];
    int own_network = strcmp(argv[3], "own") == 0;
    int program = 4;
    while (program < argc && strcmp(argv[program], "--") != 0) {
        join_cgroup(argv[program++]);
    }
    if (++program >= argc) {
        usage();
    }
    enter_namespaces(holder, own_network);
    if (chdir("/workspace") != 0) {
        fail(CANNOT_START, "cannot change to /workspace");
    }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        fail(CANNOT_START, "cannot set no_new_privs");
    }
    pid_t child = fork(); /* joining a pid namespace places children only */
    if (child < 0) {
        fail(CANNOT_START, "cannot start a process in the isolate");
    }
    if (child == 0) {
        execvp(argv[program], argv + program);
        fail(errno == ENOENT ? CANNOT_START : NOT_EXECUTABLE, "cannot run '%s'", argv[program]);
    }
    int status;
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) {
            fail(CANNOT_START, "cannot wait for '%s'", argv[program]);
        }
    }
    exit_like(status);
    return CANNOT_START;
}


/* ---- hold ---------------------------------------------------------------------------------------------- */

#define HOLD_FAILED 1

struct layout {
    const char *uid, *root, *skeleton, *template_bin, *workspace, *artifacts, *busybox;
    int own_network;
};

static void must(int result, const char *what, const char *path) {
    if (result != 0) {
        fail(HOLD_FAILED, "cannot %s %s", what, path);
    }
}

/* Binds SOURCE on TARGET, then remounts the bind with FLAGS (a bind takes no flags of its own). */
static void bind_mount(const char *source, const char *target, unsigned long flags) {
    must(mount(source, target, NULL, MS_BIND, NULL), "bind-mount", source);
    must(mount(NULL, target, NULL, MS_REMOUNT | MS_BIND | flags, NULL), "remount", target);
}

static void copy_skeleton(const struct layout *layout) {
    char source[4096];
    snprintf(source, sizeof source, "%s/.", layout->skeleton);
    pid_t cp = fork();
    if (cp == 0) {
        execl(layout->busybox, layout->busybox, "cp", "-a", source, ".", (char *) NULL);
        fail(HOLD_FAILED, "cannot run %s", layout->busybox);
    }
    int status;
    if (cp < 0 || waitpid(cp, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        errno = cp < 0 ? errno : EIO;
        fail(HOLD_FAILED, "cannot copy %s into the isolate's root", layout->skeleton);
    }
}

static void loopback_up(void) {
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct ifreq request;
    memset(&request, 0, sizeof request);
    strcpy(request.ifr_name, "lo");
    if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &request) != 0) {
        fail(HOLD_FAILED, "cannot read the loopback's flags");
    }
    request.ifr_flags |= IFF_UP;
    must(ioctl(fd, SIOCSIFFLAGS, &request), "bring up", "the loopback");
    close(fd);
}

/*
 * The builder: host root, in the holder's mount (and network) namespace and, forked from a parent that joined
 * it, its pid namespace, so that the /proc it mounts is the isolate's. Exits 0 when the file system is ready.
 */
static void build_file_system(const char *holder, const struct layout *layout) {
    int mnt = open_namespace(holder, "mnt");
    if (layout->own_network) {
        join_namespace(open_namespace(holder, "net"), "net");
        loopback_up();
    }
    join_namespace(mnt, "mnt");
    must(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), "make private", "the isolate's mounts");
    char options[64];
    snprintf(options, sizeof options, "mode=755,uid=%s,gid=%s", layout->uid, layout->uid);
    must(mount("tmpfs", layout->root, "tmpfs", MS_NOSUID | MS_NODEV, options), "mount a tmpfs on", layout->root);
    must(chdir(layout->root), "change to", layout->root);
    copy_skeleton(layout);
    bind_mount(layout->template_bin, "bin", MS_RDONLY | MS_NOSUID | MS_NODEV);
    char dev[4096];
    snprintf(dev, sizeof dev, "%s/dev", layout->skeleton);
    bind_mount(dev, "dev", MS_RDONLY | MS_NOSUID | MS_NOEXEC);
    bind_mount(layout->workspace, "workspace", MS_NOSUID | MS_NODEV);
    if (layout->artifacts[0] != '\0') {
        must(mkdir("artifacts", 0755), "make", "/artifacts");
        bind_mount(layout->artifacts, "artifacts", MS_NOSUID | MS_NODEV);
    }
    must(mount("proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL), "mount", "/proc");
    must((int) syscall(SYS_pivot_root, ".", ".host"), "pivot_root to", layout->root);
    must(chdir("/"), "change to", "/");
    must(umount2("/.host", MNT_DETACH), "unmount", "the host's tree");
    must(rmdir("/.host"), "remove", "/.host");
    exit(0);
}

static void on_child(int signal_number) {
    (void) signal_number;
}

/*
 * The holder, pid 1 of the isolate: once the parent says the isolate is ready, becomes its root and reaps. Its
 * command line, which the isolate's ps shows, is blanked to its program's name: it named host paths.
 */
static void hold_isolate(int ready, int argc, char **argv) {
    char *end = argv[argc - 1] + strlen(argv[argc - 1]);
    memset(argv[0], 0, end - argv[0]);
    strcpy(argv[0], "lurch-sandbox");
    prctl(PR_SET_PDEATHSIG, SIGKILL); /* before the wait: a parent dead by then closed the pipe too */
    char byte;
    if (read(ready, &byte, 1) != 1) {
        _exit(HOLD_FAILED);
    }
    close(ready);
    if (setgroups(0, NULL) != 0 || setresgid(0, 0, 0) != 0 || setresuid(0, 0, 0) != 0) {
        _exit(HOLD_FAILED);
    }
    prctl(PR_SET_DUMPABLE, 0);
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    if (chdir("/") != 0) {
        _exit(HOLD_FAILED);
    }
    for (int fd = 0; fd < 3; fd++) {
        close(fd);
    }
    sigset_t chld, none;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigemptyset(&none);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_child; /* the default, ignore, would never end sigsuspend */
    sigaction(SIGCHLD, &action, NULL);
    for (;;) {
        while (waitpid(-1, NULL, WNOHANG) > 0) {
        }
        sigsuspend(&none);
    }
}

static void write_map(pid_t holder, const char *file, const char *uid) {
    char path[64], map[64];
    snprintf(path, sizeof path, "/proc/%d/%s", (int) holder, file);
    int length = snprintf(map, sizeof map, "0 %s 65536\n", uid);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write(fd, map, length) != length) {
        fail(HOLD_FAILED, "cannot write %s", path);
    }
    close(fd);
}

/* Waits until standard input ends or the holder does; kills the holder in the first case. */
static int watch(pid_t holder) {
    int holder_fd = (int) syscall(SYS_pidfd_open, holder, 0);
    struct pollfd watched[2] = {{.fd = 0, .events = POLLIN}, {.fd = holder_fd, .events = POLLIN}};
    char buffer[256];
    for (;;) {
        if (poll(watched, holder_fd < 0 ? 1 : 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        if (watched[1].revents != 0) {
            break;
        }
        if (watched[0].revents != 0 && read(0, buffer, sizeof buffer) <= 0) {
            kill(holder, SIGKILL);
            break;
        }
    }
    int status;
    waitpid(holder, &status, 0);
    return 0;
}

static int hold(int argc, char **argv) {
    if (argc < 10) {
        usage();
    }
    struct layout layout = {.uid = argv[2], .own_network = strcmp(argv[3], "own") == 0, .root = argv[4],
                            .skeleton = argv[5], .template_bin = argv[6], .workspace = argv[7], .artifacts = argv[8],
                            .busybox = argv[9]};
    if (strspn(layout.uid, "0123456789") != strlen(layout.uid) || layout.uid[0] == '\0') {
        usage();
    }
    for (int i = 10; i < argc; i++) {
        join_cgroup(argv[i]);
    }
    int ready[2];
    if (pipe2(ready, O_CLOEXEC) != 0) {
        fail(HOLD_FAILED, "cannot make a pipe");
    }
    long flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS | SIGCHLD;
    pid_t holder = (pid_t) syscall(SYS_clone, flags | (layout.own_network ? CLONE_NEWNET : 0), NULL, NULL, NULL, NULL);
    if (holder < 0) {
        fail(HOLD_FAILED, "cannot make the isolate's namespaces");
    }
    if (holder == 0) {
        close(ready[1]);
        hold_isolate(ready[0], argc, argv);
    }
    close(ready[0]);
    write_map(holder, "uid_map", layout.uid);
    write_map(holder, "gid_map", layout.uid);
    char holder_pid[16];
    snprintf(holder_pid, sizeof holder_pid, "%d", (int) holder);
    join_namespace(open_namespace(holder_pid, "pid"), "pid"); /* for the builder, a child */
    pid_t builder = fork();
    if (builder == 0) {
        close(ready[1]);
        build_file_system(holder_pid, &layout);
    }
    int status;
    if (builder < 0 || waitpid(builder, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        kill(holder, SIGKILL);
        if (builder < 0) {
            fail(HOLD_FAILED, "cannot start the isolate's builder");
        }
        return HOLD_FAILED; /* the builder said why */
    }
    if (write(ready[1], "", 1) != 1) {
        kill(holder, SIGKILL);
        fail(HOLD_FAILED, "cannot start the holder");
    }
    close(ready[1]);
    printf("%d\n", (int) holder);
    fflush(stdout);
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    dup2(null, 1);
    dup2(null, 2);
    return watch(holder);
}

int main(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "enter") == 0) {
        return enter(argc, argv);
    }
    if (argc >= 2 && strcmp(argv[1], "hold") == 0) {
        return hold(argc, argv);
    }
    usage();
    return CANNOT_START;
}
