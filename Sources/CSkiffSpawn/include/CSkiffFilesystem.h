#ifndef CSKIFFFILESYSTEM_H
#define CSKIFFFILESYSTEM_H

/// The `f_type` of statfs(2) for `path` (e.g. 0x01021994 for tmpfs); -1 on error or off Linux.
long skiff_filesystem_type(const char *path);

#endif
