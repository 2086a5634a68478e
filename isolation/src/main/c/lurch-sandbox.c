/*
 * lurch-sandbox: makes a chroot isolate and starts its execs. The server runs it as host root, once per isolate:
 *
 *   lurch-sandbox hold UID own|host ROOT SKELETON TEMPLATE_BIN WORKSPACE ARTIFACTS|"" [CGROUP_FILE...]
 *
 * Joins the holder's cgroups, then clones the holder: pid 1 of new user, mount, pid, ipc, uts and (own) network
 * namespaces, whose root is host uid UID (65536 ids from UID up are mapped). Host root then builds the isolate's
 * file system inside the mount namespace: a tmpfs on ROOT owned by UID, a copy of SKELETON, TEMPLATE_BIN bound
 * read-only at /bin, SKELETON/dev read-only at /dev, WORKSPACE at /workspace and ARTIFACTS, unless empty, at
 * /artifacts (nosuid and nodev, as the tmpfs), a /proc of the pid namespace, the loopback up, and pivot_root:
 * no host path is left in the namespace. The holder never execs: its memory stays the host's, so root of the
 * isolate can neither trace it nor read its /proc files; it only reaps orphans, which pid 1 of a namespace must.
 *
 * It prints the holder's host pid on a line, then serves requests on its standard input, each "LENGTH\n" and
 * LENGTH bytes of NUL-terminated fields:
 *
 *   exec ID CGROUP_COUNT CGROUP_FILE... ENV_COUNT NAME=VALUE... PROGRAM ARG...
 *       starts a process in the isolate's pid namespace, with stdin /dev/null and its stdout and stderr on two
 *       new pipes, and answers, once it has exec'd or ended, "started ID PID STDOUT_FD STDERR_FD" (the pipes'
 *       read ends, for the server to open as /proc/<this pid>/fd/N) or "failed ID REASON". The process joins the
 *       exec's cgroups first (so the program is measured and limited from its first instruction), then the other
 *       namespaces, becomes root of the isolate (the sandbox uid on the host), sets no_new_privs, starts in
 *       /workspace, looked up inside the isolate, and execs PROGRAM with exactly that environment, found on its
 *       PATH; when it cannot, it says why on its stderr, "lurch-sandbox: ...", and exits 127 (126 when the program
 *       is not executable). Its end is answered "exited ID STATUS": the exit code, or 128 + the signal that killed
 *       it.
 *   close ID
 *       closes this side's read ends of the exec's pipes, once the server has opened its own.
 *
 * When its standard input ends (the server closed it or died), it kills the holder, and the isolate with it;
 * when the holder ends, it ends. Failures before the pid line are one line "lurch-sandbox: ..." and a non-zero
 * exit.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <dirent.h>
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
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define CANNOT_START 127
#define NOT_EXECUTABLE 126
#define HOLD_FAILED 1

/*
 * Says "lurch-sandbox: WHAT: the error" on standard error and exits. Without stdio and exit(): an exec's process
 * shares this program's memory until it execs (start_exec), and must leave its buffers and handlers alone.
 */
static _Noreturn void fail(int status, const char *format, ...) {
    int error = errno;
    char message[1024];
    va_list args;
    va_start(args, format);
    int length = snprintf(message, sizeof message, "lurch-sandbox: ");
    length += vsnprintf(message + length, sizeof message - length, format, args);
    va_end(args);
    if (length < (int) sizeof message) {
        length += snprintf(message + length, sizeof message - length, ": %s\n", strerror(error));
    }
    if (length >= (int) sizeof message) {
        length = sizeof message - 1;
        message[length - 1] = '\n';
    }
    if (write(2, message, length) < 0) {
        /* nothing left to tell it to */
    }
    _exit(status);
}

static _Noreturn void usage(void) {
    fputs("usage: lurch-sandbox hold UID own|host ROOT SKELETON TEMPLATE_BIN WORKSPACE ARTIFACTS [CGROUP_FILE...]\n",
          stderr);
    exit(HOLD_FAILED);
}

/*
 * Moves this process into the cgroup whose entry file (cgroup.procs or tasks) is named. Any other file is refused
 * before it is opened: a "0" written into a host file by arguments given in the wrong order would corrupt it.
 */
static void join_cgroup(const char *entry_file) {
    const char *name = strrchr(entry_file, '/');
    name = name == NULL ? entry_file : name + 1;
    if (strcmp(name, "tasks") != 0 && strcmp(name, "cgroup.procs") != 0) {
        errno = EINVAL;
        fail(CANNOT_START, "cannot join the cgroup of %s: not a cgroup's tasks or cgroup.procs", entry_file);
    }
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

/* ---- hold ---------------------------------------------------------------------------------------------- */

struct layout {
    const char *uid, *root, *skeleton, *template_bin, *workspace, *artifacts;
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

/* Copies the regular file SOURCE, opened in DIR, to TARGET in the working directory. */
static void copy_file(int dir, const char *source, const char *target, const struct stat *status) {
    int in = openat(dir, source, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    int out = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    must(in < 0 || out < 0, "copy", target);
    char buffer[8192];
    ssize_t n;
    while ((n = read(in, buffer, sizeof buffer)) > 0) {
        must(write(out, buffer, (size_t) n) != n, "write", target);
    }
    must(n < 0 || fchown(out, status->st_uid, status->st_gid) != 0 || fchmod(out, status->st_mode & 07777) != 0,
         "copy", target);
    close(in);
    close(out);
}

/*
 * Copies the tree under the directory DIR (open, read from the skeleton) into the working directory: directories,
 * regular files, symbolic links and devices, each with its owner and mode, as "cp -a" would, without a process of
 * its own. The skeleton is Lurch's own, a dozen entries, one level of directories deep.
 */
static void copy_tree(int dir, const char *path) {
    DIR *entries = fdopendir(dir);
    must(entries == NULL, "read", path);
    struct dirent *entry;
    while ((entry = readdir(entries)) != NULL) {
        const char *name = entry->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
            continue;
        }
        char target[4096];
        snprintf(target, sizeof target, "%s/%s", path, name);
        struct stat status;
        must(fstatat(dirfd(entries), name, &status, AT_SYMLINK_NOFOLLOW), "read", target);
        if (S_ISDIR(status.st_mode)) {
            must(mkdir(target, 0700), "make", target);
            int child = openat(dirfd(entries), name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
            must(child < 0, "read", target);
            copy_tree(child, target);
        } else if (S_ISREG(status.st_mode)) {
            copy_file(dirfd(entries), name, target, &status);
            continue;
        } else if (S_ISLNK(status.st_mode)) {
            char link[4096];
            ssize_t length = readlinkat(dirfd(entries), name, link, sizeof link - 1);
            must(length < 0, "read", target);
            link[length] = '\0';
            must(symlink(link, target), "make", target);
        } else if (S_ISCHR(status.st_mode) || S_ISBLK(status.st_mode)) {
            must(mknod(target, status.st_mode & S_IFMT, status.st_rdev), "make", target);
        } else {
            continue; /* nothing else is ever in it */
        }
        must(lchown(target, status.st_uid, status.st_gid), "change the owner of", target);
        if (!S_ISLNK(status.st_mode)) {
            must(chmod(target, status.st_mode & 07777), "change the mode of", target);
        }
    }
    closedir(entries);
}

static void copy_skeleton(const struct layout *layout) {
    int skeleton = open(layout->skeleton, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    must(skeleton < 0, "read", layout->skeleton);
    copy_tree(skeleton, ".");
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

/* ---- serving execs ------------------------------------------------------------------------------------- */

/* The namespaces an exec joins (its pid namespace it is forked into); the user namespace is joined last. */
static const char *const JOINED[] = {"ipc", "uts", "net", "mnt"};
#define JOINED_COUNT 4

struct isolate {
    pid_t holder;
    int namespaces[JOINED_COUNT]; /* -1 for the network one of an isolate on the host's network */
    int user;
};

struct exec {
    char id[24];
    pid_t pid; /* 0 once it ended */
    int out, err; /* -1 once closed */
};

static struct exec *execs;
static size_t exec_count, exec_capacity;

static void answer(const char *format, ...) {
    char line[512];
    va_list args;
    va_start(args, format);
    int length = vsnprintf(line, sizeof line, format, args);
    va_end(args);
    if (length >= (int) sizeof line) {
        length = sizeof line - 1;
        line[length - 1] = '\n';
    }
    if (write(1, line, length) != length) {
        _exit(HOLD_FAILED); /* the server is gone */
    }
}

static struct exec *exec_with_id(const char *id) {
    for (size_t i = 0; i < exec_count; i++) {
        if (strcmp(execs[i].id, id) == 0) {
            return &execs[i];
        }
    }
    return NULL;
}

/* Drops an exec from the table once it has ended and its pipes are closed. */
static void forget_if_done(struct exec *exec) {
    if (exec->pid == 0 && exec->out < 0 && exec->err < 0) {
        *exec = execs[--exec_count];
    }
}

/* What the process of an exec is started with (start_exec). */
struct exec_start {
    const struct isolate *isolate;
    char **cgroups, **environment, **argv;
    int cgroup_count, out, err;
};

/*
 * The process of an exec, until it execs: joins, becomes root of the isolate and execs; never returns. It runs on
 * this program's memory (a vfork), so it only makes system calls and changes nothing the parent reads but environ,
 * which the parent sets back.
 */
static int run_exec(void *argument) {
    const struct exec_start *start = argument;
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null < 0 || dup2(null, 0) < 0 || dup2(start->out, 1) < 0 || dup2(start->err, 2) < 0) {
        _exit(CANNOT_START);
    }
    for (int i = 0; i < start->cgroup_count; i++) {
        join_cgroup(start->cgroups[i]);
    }
    for (int i = 0; i < JOINED_COUNT; i++) {
        if (start->isolate->namespaces[i] >= 0) {
            join_namespace(start->isolate->namespaces[i], JOINED[i]);
        }
    }
    if (setgroups(0, NULL) != 0) {
        fail(CANNOT_START, "cannot drop the supplementary groups");
    }
    join_namespace(start->isolate->user, "user");
    if (setresgid(0, 0, 0) != 0 || setresuid(0, 0, 0) != 0) {
        fail(CANNOT_START, "cannot become root of the isolate");
    }
    if (chdir("/workspace") != 0) {
        fail(CANNOT_START, "cannot change to /workspace");
    }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        fail(CANNOT_START, "cannot set no_new_privs");
    }
    environ = start->environment; /* execvp finds the program on the exec's own PATH */
    execvp(start->argv[0], start->argv);
    fail(errno == ENOENT ? CANNOT_START : NOT_EXECUTABLE, "cannot run '%s'", start->argv[0]);
}

/*
 * The stack the process of an exec runs on until it execs: more than execvp can take on it (a copy of PATH and of
 * the arguments, each within a request's 4 MiB), above a guard that no frame can reach. Made once; untouched pages
 * cost nothing.
 */
#define EXEC_STACK (16 << 20)
#define EXEC_STACK_GUARD (1 << 20)
static char *exec_stack_top(void) {
    static char *top;
    if (top == NULL) {
        char *stack = mmap(NULL, EXEC_STACK_GUARD + EXEC_STACK, PROT_NONE,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (stack == MAP_FAILED || mprotect(stack + EXEC_STACK_GUARD, EXEC_STACK, PROT_READ | PROT_WRITE) != 0) {
            return NULL;
        }
        top = stack + EXEC_STACK_GUARD + EXEC_STACK;
    }
    return top;
}

/*
 * Starts the process of an exec as vfork does: on this program's memory, this program waiting until it has exec'd
 * or ended. A fork copied the page tables for a process that execs at once, a tenth of a millisecond an exec on a
 * virtual machine. Its own stack, so that it cannot overwrite this program's; signals blocked meanwhile, so that no
 * handler runs in it (it has none of its own: the serving loop has none either). -1 and errno when it could not.
 */
static pid_t start_process(struct exec_start *start) {
    char *stack = exec_stack_top();
    if (stack == NULL) {
        return -1;
    }
    sigset_t all, before;
    sigfillset(&all);
    sigprocmask(SIG_SETMASK, &all, &before);
    char **environment = environ;
    pid_t pid = clone(run_exec, stack, CLONE_VM | CLONE_VFORK | SIGCHLD, start);
    int error = errno;
    environ = environment;
    sigprocmask(SIG_SETMASK, &before, NULL);
    errno = error;
    return pid;
}

/* A count field followed by that many fields, all within the request; NULL when the request is malformed. */
static char **counted(char **fields, int field_count, int *at, int *count) {
    if (*at >= field_count) {
        return NULL;
    }
    char *end;
    long n = strtol(fields[*at], &end, 10);
    if (*end != '\0' || n < 0 || n > field_count - *at - 1) {
        return NULL;
    }
    *count = (int) n;
    char **first = fields + *at + 1;
    *at += 1 + (int) n;
    return first;
}

static void start_exec(const struct isolate *isolate, char **fields, int field_count) {
    const char *id = fields[1];
    int at = 2, cgroup_count, env_count;
    char **cgroups = counted(fields, field_count, &at, &cgroup_count);
    char **env = cgroups == NULL ? NULL : counted(fields, field_count, &at, &env_count);
    if (env == NULL || at >= field_count || strlen(id) >= sizeof execs->id) {
        answer("failed %.23s a malformed request\n", id);
        return;
    }
    /* the request's variables are followed by the program, not a NULL: the environment is a copy */
    char **environment = calloc(env_count + 1, sizeof *environment);
    if (environment == NULL) {
        answer("failed %s out of memory\n", id);
        return;
    }
    memcpy(environment, env, env_count * sizeof *env);
    int out[2] = {-1, -1}, err[2] = {-1, -1};
    pid_t pid = -1;
    if (pipe2(out, O_CLOEXEC) == 0 && pipe2(err, O_CLOEXEC) == 0) { /* fields ends in a NULL, so argv does too */
        struct exec_start start = {.isolate = isolate, .cgroups = cgroups, .cgroup_count = cgroup_count,
                                   .environment = environment, .argv = fields + at, .out = out[1], .err = err[1]};
        pid = start_process(&start);
    }
    int error = errno;
    free(environment);
    close(out[1]);
    close(err[1]);
    if (pid < 0) {
        answer("failed %s cannot start a process in the isolate: %s\n", id, strerror(error));
        close(out[0]);
        close(err[0]);
        return;
    }
    if (exec_count == exec_capacity) {
        exec_capacity = exec_capacity == 0 ? 8 : exec_capacity * 2;
        execs = realloc(execs, exec_capacity * sizeof *execs);
        if (execs == NULL) {
            kill(isolate->holder, SIGKILL);
            _exit(HOLD_FAILED);
        }
    }
    struct exec *exec = &execs[exec_count++];
    snprintf(exec->id, sizeof exec->id, "%s", id);
    exec->pid = pid;
    exec->out = out[0];
    exec->err = err[0];
    answer("started %s %d %d %d\n", id, (int) pid, out[0], err[0]);
}

static void close_exec(char **fields, int field_count) {
    struct exec *exec = field_count == 2 ? exec_with_id(fields[1]) : NULL;
    if (exec != NULL) {
        close(exec->out);
        close(exec->err);
        exec->out = exec->err = -1;
        forget_if_done(exec);
    }
}

/* Splits one request into its fields, with a NULL after the last, and carries it out. */
static void carry_out(const struct isolate *isolate, char *request, size_t length) {
    if (length == 0 || request[length - 1] != '\0') {
        answer("failed - a malformed request\n");
        return;
    }
    int field_count = 0;
    for (size_t i = 0; i < length; i++) {
        field_count += request[i] == '\0';
    }
    char **fields = calloc(field_count + 1, sizeof *fields);
    if (fields == NULL) {
        answer("failed - out of memory\n");
        return;
    }
    char *field = request;
    for (int i = 0; i < field_count; i++) {
        fields[i] = field;
        field += strlen(field) + 1;
    }
    if (strcmp(fields[0], "exec") == 0 && field_count >= 2) {
        start_exec(isolate, fields, field_count);
    } else if (strcmp(fields[0], "close") == 0) {
        close_exec(fields, field_count);
    } else {
        answer("failed %.23s a malformed request\n", field_count >= 2 ? fields[1] : "-");
    }
    free(fields);
}

/* Carries out every whole request in buffer[0, *filled) and keeps the rest at its start. */
static void carry_out_whole(const struct isolate *isolate, char *buffer, size_t *filled) {
    size_t at = 0;
    for (;;) {
        char *newline = memchr(buffer + at, '\n', *filled - at);
        if (newline == NULL) {
            break;
        }
        size_t length = strtoul(buffer + at, NULL, 10);
        size_t body = (size_t) (newline - buffer) + 1;
        if (length > *filled - body) {
            break;
        }
        carry_out(isolate, buffer + body, length);
        at = body + length;
    }
    memmove(buffer, buffer + at, *filled - at);
    *filled -= at;
}

static void report_ended(pid_t holder) {
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        if (pid == holder) {
            exit(0); /* the isolate is gone: its execs died with it */
        }
        for (size_t i = 0; i < exec_count; i++) {
            if (execs[i].pid == pid) {
                int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
                answer("exited %s %d\n", execs[i].id, code);
                execs[i].pid = 0;
                forget_if_done(&execs[i]);
                break;
            }
        }
    }
}

#define REQUEST_LIMIT (4 << 20)

/* Serves requests until standard input ends (then kills the holder) or the holder ends. */
static int serve(const struct isolate *isolate) {
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    int children = signalfd(-1, &chld, SFD_CLOEXEC);
    if (children < 0) {
        kill(isolate->holder, SIGKILL);
        return HOLD_FAILED;
    }
    report_ended(isolate->holder); /* the holder may have ended before the signal was blocked */
    char *buffer = malloc(REQUEST_LIMIT);
    size_t filled = 0;
    struct pollfd watched[2] = {{.fd = 0, .events = POLLIN}, {.fd = children, .events = POLLIN}};
    for (;;) {
        if (poll(watched, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        if (watched[1].revents != 0) {
            struct signalfd_siginfo info;
            while (read(children, &info, sizeof info) < 0 && errno == EINTR) {
            }
            report_ended(isolate->holder);
        }
        if (watched[0].revents != 0) {
            ssize_t n = buffer == NULL || filled == REQUEST_LIMIT ? 0 : read(0, buffer + filled, REQUEST_LIMIT - filled);
            if (n <= 0) {
                break;
            }
            filled += (size_t) n;
            carry_out_whole(isolate, buffer, &filled);
        }
    }
    kill(isolate->holder, SIGKILL);
    /* reaps the execs too: the holder's end waits until every process of its pid namespace is reaped */
    pid_t pid;
    while ((pid = waitpid(-1, NULL, 0)) > 0 && pid != isolate->holder) {
    }
    return 0;
}

static int hold(int argc, char **argv) {
    if (argc < 9) {
        usage();
    }
    struct layout layout = {.uid = argv[2], .own_network = strcmp(argv[3], "own") == 0, .root = argv[4],
                            .skeleton = argv[5], .template_bin = argv[6], .workspace = argv[7], .artifacts = argv[8]};
    if (strspn(layout.uid, "0123456789") != strlen(layout.uid) || layout.uid[0] == '\0') {
        usage();
    }
    for (int i = 9; i < argc; i++) {
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
    struct isolate isolate = {.holder = holder};
    for (int i = 0; i < JOINED_COUNT; i++) {
        isolate.namespaces[i] = layout.own_network || strcmp(JOINED[i], "net") != 0 ? open_namespace(holder_pid, JOINED[i]) : -1;
    }
    isolate.user = open_namespace(holder_pid, "user");
    printf("%d\n", (int) holder);
    fflush(stdout);
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    dup2(null, 2);
    return serve(&isolate);
}

int main(int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "hold") != 0) {
        usage();
    }
    return hold(argc, argv);
}
