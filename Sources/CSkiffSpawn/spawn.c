// The container process spawner (see include/CSkiffSpawn.h and docs/runtime.md, "Spawn").
//
// The child runs on its own stack in the parent's address space until it execs (clone with CLONE_VM |
// CLONE_VFORK), so it must only make async-signal-safe calls on data the parent prepared, and it reports a
// failure by storing errno in memory the parent reads once clone returns.

#define _GNU_SOURCE
#include "CSkiffSpawn.h"

#ifdef __linux__

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_close_range
#define SYS_close_range 436
#endif

/// Shared between parent and child (same memory until the child execs).
struct spawn_context {
    const skiff_spawn_request *request;
    volatile int error;
    volatile int step;
    volatile int cgroup_index;
};

static void fail(struct spawn_context *context, int step) {
    context->error = errno != 0 ? errno : EIO;
    context->step = step;
    _exit(127);
}

/// Opens `path` onto descriptor `target` (without O_CLOEXEC: it must survive the exec).
static int open_onto(int target, const char *path, int flags) {
    int descriptor = open(path, flags);
    if (descriptor < 0) return -1;
    if (descriptor != target) {
        if (dup2(descriptor, target) < 0) return -1;
        close(descriptor);
    }
    return 0;
}

/// rt_sigaction(2) without glibc, for the signals its wrapper refuses (the kernel's own structure layout).
static void reset_with_kernel(int number) {
#if defined(__x86_64__) || defined(__aarch64__)
    struct {
        void (*handler)(int);
        unsigned long flags;
        void (*restorer)(void);
        unsigned long mask;
    } action = {SIG_DFL, 0, NULL, 0};
    (void)syscall(SYS_rt_sigaction, number, &action, NULL, sizeof action.mask);
#else
    (void)number;
#endif
}

static int child_main(void *argument) {
    struct spawn_context *context = argument;
    const skiff_spawn_request *request = context->request;

    // Default dispositions: the agent may ignore SIGPIPE (ignored stays ignored across exec) and must not have
    // its handlers run here. glibc's wrapper refuses its two internal signals (32, 33), which the agent's process
    // may also ignore: those go to the kernel directly.
    struct sigaction defaults;
    memset(&defaults, 0, sizeof defaults);
    defaults.sa_handler = SIG_DFL;
    for (int number = 1; number < NSIG; number++) {
        if (number == SIGKILL || number == SIGSTOP) continue;
        if (sigaction(number, &defaults, NULL) != 0) reset_with_kernel(number);
    }
    // First close every inherited descriptor above 2: the child holds copies of the agent's whole
    // descriptor table until it does, and a copy keeps an flock (the store's data-directory lock) or
    // a pipe end alive while the cgroup writes below block (a cgroup.procs write on v1 waits for an RCU grace
    // period, 8–20 ms; the runtime writes `tasks` there, which does not).
    if (syscall(SYS_close_range, 3U, ~0U, 0U) != 0) {
        if (errno != ENOSYS) fail(context, SKIFF_SPAWN_CLOSE_DESCRIPTORS);
        struct rlimit limit;
        int highest = 65536;
        if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < 65536) {
            highest = (int)limit.rlim_cur;
        }
        for (int descriptor = 3; descriptor < highest; descriptor++) close(descriptor);
    }
    if (setpgid(0, 0) != 0) fail(context, SKIFF_SPAWN_PROCESS_GROUP);

    // "0" moves the writer (to `tasks` on v1: this thread, the whole single-threaded child; to cgroup.procs
    // on v2: the process), so nothing of the command runs outside its cgroups.
    for (size_t index = 0; index < request->cgroup_join_count; index++) {
        context->cgroup_index = (int)index;
        int descriptor = open(request->cgroup_join_files[index], O_WRONLY | O_CLOEXEC);
        if (descriptor < 0) fail(context, SKIFF_SPAWN_CGROUP);
        ssize_t written;
        do { written = write(descriptor, "0", 1); } while (written < 0 && errno == EINTR);
        if (written != 1) {
            if (written >= 0) errno = EIO;
            fail(context, SKIFF_SPAWN_CGROUP);
        }
        close(descriptor);
    }

    if (open_onto(0, "/dev/null", O_RDONLY) != 0) fail(context, SKIFF_SPAWN_STDIN);
    if (open_onto(1, request->stdout_path, O_RDWR) != 0) fail(context, SKIFF_SPAWN_STDOUT);
    if (open_onto(2, request->stderr_path, O_RDWR) != 0) fail(context, SKIFF_SPAWN_STDERR);
    if (chdir(request->working_directory) != 0) fail(context, SKIFF_SPAWN_CHDIR);

    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    execve(request->executable, request->argv, request->envp);
    fail(context, SKIFF_SPAWN_EXEC);
    return 127;
}

// The child's own stack (it shares everything else). Generous: a lazy symbol binding in the child saves
// the full vector register state. One per calling thread, kept for its next spawn: the parent waits until the
// child has exec'd or exited (vfork semantics), so a thread's stack is free again when skiff_spawn returns,
// and an munmap per spawn made the kernel interrupt the other CPUs to flush their TLBs.
static const size_t stack_size = 256 * 1024;
static pthread_key_t stack_key;
static pthread_once_t stack_key_once = PTHREAD_ONCE_INIT;

static void release_stack(void *stack) {
    if (stack != NULL) munmap(stack, stack_size);
}

static void make_stack_key(void) {
    (void)pthread_key_create(&stack_key, release_stack);
}

/// This thread's child stack (made on first use, released when the thread ends); NULL if none can be mapped.
static void *thread_stack(void) {
    pthread_once(&stack_key_once, make_stack_key);
    void *stack = pthread_getspecific(stack_key);
    if (stack != NULL) return stack;
    stack = mmap(NULL, stack_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) return NULL;
    if (pthread_setspecific(stack_key, stack) != 0) {
        munmap(stack, stack_size);
        return NULL;
    }
    return stack;
}

void skiff_spawn(const skiff_spawn_request *request, skiff_spawn_result *result) {
    struct spawn_context context = {.request = request, .error = 0, .step = SKIFF_SPAWN_OK, .cgroup_index = -1};
    result->pid = -1;
    result->error = 0;
    result->step = SKIFF_SPAWN_OK;
    result->cgroup_index = -1;

    void *stack = thread_stack();
    if (stack == NULL) {
        result->error = errno != 0 ? errno : ENOMEM;
        result->step = SKIFF_SPAWN_CLONE;
        return;
    }

    // No signal handler of this process may run in the child before it reset the dispositions.
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    int pid = clone(child_main, (char *)stack + stack_size, CLONE_VM | CLONE_VFORK | SIGCHLD, &context);
    int clone_error = errno;
    pthread_sigmask(SIG_SETMASK, &previous, NULL);

    if (pid < 0) {
        result->error = clone_error;
        result->step = SKIFF_SPAWN_CLONE;
        return;
    }
    if (context.step != SKIFF_SPAWN_OK) {
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        result->error = context.error;
        result->step = context.step;
        result->cgroup_index = context.cgroup_index;
        return;
    }
    result->pid = pid;
}

#else

#include <errno.h>

void skiff_spawn(const skiff_spawn_request *request, skiff_spawn_result *result) {
    (void)request;
    result->pid = -1;
    result->error = ENOSYS;
    result->step = SKIFF_SPAWN_CLONE;
    result->cgroup_index = -1;
}

#endif
