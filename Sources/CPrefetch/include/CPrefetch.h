#ifndef SPIKELAB_CPREFETCH_H
#define SPIKELAB_CPREFETCH_H

/// Asks the processor to bring the cache line holding `address` close (all
/// levels) without waiting for it: a hint, with no effect on what the program
/// computes, and no fault for any address. One instruction (`prefetcht0` on
/// x86-64, `prfm pldl1keep` on arm64).
static inline __attribute__((always_inline)) void spikelab_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

/// As `spikelab_prefetch`, for a line about to be written (`prefetchw` where
/// the processor has it): it arrives ready to be changed.
static inline __attribute__((always_inline)) void spikelab_prefetch_for_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
