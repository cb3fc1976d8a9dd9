import type { HashingConfig } from 'mortar'

export default {
  /** The algorithm of new password hashes. Hashes carry their algorithm and settings, so changing these later keeps old ones valid. */
  driver: 'scrypt',
  scrypt: {
    /** CPU and memory cost (N), a power of two: 16384 takes about 50 ms and 16 MB per hash. Raise it as machines get faster. */
    cost: 16_384,
    /** Block size (r). */
    blockSize: 8,
    /** Parallelisation (p). */
    parallelization: 1,
  },
} satisfies HashingConfig
