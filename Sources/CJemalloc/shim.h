#ifndef SPIKELAB_CJEMALLOC_SHIM_H
#define SPIKELAB_CJEMALLOC_SHIM_H
#include <stddef.h>
#include <stdint.h>
#include <jemalloc/jemalloc.h>

/// Refreshes jemalloc's cached statistics (writes the "epoch" control).
static inline int spikelab_jemalloc_refresh(void) {
    uint64_t epoch = 1;
    size_t size = sizeof(epoch);
    return mallctl("epoch", &epoch, &size, &epoch, size);
}

/// Reads one size_t statistic such as "stats.allocated"; returns 0 on success.
static inline int spikelab_jemalloc_read(const char *name, size_t *value) {
    size_t size = sizeof(size_t);
    return mallctl(name, value, &size, NULL, 0);
}

/// Reads jemalloc's version string, or NULL.
static inline const char *spikelab_jemalloc_version(void) {
    const char *version = NULL;
    size_t size = sizeof(version);
    if (mallctl("version", &version, &size, NULL, 0) != 0) return NULL;
    return version;
}
#endif
