#ifndef IACC_SHA256_SHANI_H
#define IACC_SHA256_SHANI_H

#include <stddef.h>
#include <stdint.h>

/// FIPS 180-4's 64 round constants.
const uint32_t *iacc_sha256_round_constants(void);

/// Whether this CPU has the SHA extensions (and the SSE levels the code below needs).
int iacc_sha256_shani_available(void);

/// Compresses `blocks` consecutive 64-byte blocks of `data` into `state` (the eight working words,
/// a to h) with the SHA extensions. Call only when `iacc_sha256_shani_available()` says so.
void iacc_sha256_shani_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
