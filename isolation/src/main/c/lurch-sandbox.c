/*
 * lurch-sandbox: starts one exec of a chroot isolate, in a single process the server runs as host root.
 *
 *   lurch-sandbox enter HOLDER_PID own|host CGROUP_FILE... -- PROGRAM [ARG...]
 *
 * Joins the exec's cgroups first (so the program is measured and limited from its first instruction), then
 * the namespaces of the isolate's holder process (the network one only when the isolate has its own), becomes
 * root of the isolate's user namespace (the sandbox uid on the host), sets no_new_privs, starts in /workspace
 * and runs PROGRAM with exactly the environment it was given, found on that environment's PATH. Every path is
 * resolved inside the isolate: joining the mount namespace sets the root, and /workspace is looked up after.
 *
 * It replaces a shell, setpriv and busybox nsenter, three execs per exec, with one, and reports why it could
 * not start the program on stderr, "lurch-sandbox: ...", exiting 127 (126 when the program is not executable).
 * Otherwise it exits as the program did: with its exit code, or killed by the same signal.
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
#include <sys/prctl.h>
#include <sys/resource.h>
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
    fputs("usage: lurch-sandbox enter HOLDER_PID own|host CGROUP_FILE... -- PROGRAM [ARG...]\n", stderr);
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

int main(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "enter") == 0) {
        return enter(argc, argv);
    }
    usage();
    return CANNOT_START;
}
