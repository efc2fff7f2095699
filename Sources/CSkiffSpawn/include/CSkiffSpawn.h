#ifndef CSKIFFSPAWN_H
#define CSKIFFSPAWN_H

#include <stddef.h>

#include "CSkiffFilesystem.h"

/// Everything the child needs, prepared by the parent (the child only makes system calls).
typedef struct skiff_spawn_request {
    /// Absolute (or working-directory-relative) path given to execve.
    const char *executable;
    /// NULL-terminated argument vector (argv[0] included).
    char *const *argv;
    /// NULL-terminated environment, passed to execve exactly as is.
    char *const *envp;
    /// The child's working directory.
    const char *working_directory;
    /// Opened read-write onto descriptors 1 and 2 (FIFOs: read-write never blocks and never raises SIGPIPE).
    const char *stdout_path;
    const char *stderr_path;
    /// Files the child writes "0" to (moving itself: `tasks` on cgroup v1, `cgroup.procs` on v2) before it execs.
    const char *const *cgroup_join_files;
    size_t cgroup_join_count;
} skiff_spawn_request;

/// The step of the child that failed (`skiff_spawn_result.step`).
typedef enum skiff_spawn_step {
    SKIFF_SPAWN_OK = 0,
    SKIFF_SPAWN_CLONE = 1,
    SKIFF_SPAWN_PROCESS_GROUP = 2,
    SKIFF_SPAWN_CGROUP = 3,
    SKIFF_SPAWN_STDIN = 4,
    SKIFF_SPAWN_STDOUT = 5,
    SKIFF_SPAWN_STDERR = 6,
    SKIFF_SPAWN_CLOSE_DESCRIPTORS = 7,
    SKIFF_SPAWN_CHDIR = 8,
    SKIFF_SPAWN_EXEC = 9,
} skiff_spawn_step;

typedef struct skiff_spawn_result {
    /// The new process's pid, or -1.
    int pid;
    /// errno of the failed step; 0 on success.
    int error;
    /// A skiff_spawn_step.
    int step;
    /// With SKIFF_SPAWN_CGROUP: the index of the join file that could not be written.
    int cgroup_index;
} skiff_spawn_result;

/// Starts one container process with clone(CLONE_VM | CLONE_VFORK) (vfork semantics: this thread waits until
/// the child has exec'd or failed). The child: every signal disposition default, a new process group
/// (pgid = pid), joins the cgroups, stdin /dev/null, stdout/stderr the given paths, every other descriptor
/// closed, chdir, empty signal mask, execve. A child that fails is reaped here and reported in `result`.
void skiff_spawn(const skiff_spawn_request *request, skiff_spawn_result *result);

#endif
