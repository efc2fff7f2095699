// statfs(2)'s filesystem type, which Swift's Glibc module does not import.

#include "CSkiffFilesystem.h"

#ifdef __linux__
#include <sys/vfs.h>

long skiff_filesystem_type(const char *path) {
    struct statfs info;
    if (statfs(path, &info) != 0) return -1;
    return (long)info.f_type;
}
#else
long skiff_filesystem_type(const char *path) {
    (void)path;
    return -1;
}
#endif
