/**
 * What Jaeger v2 needs in memory when it keeps traces in Badger. Jaeger v2's badger backend exposes no
 * memory option (its config has directories, ephemeral, ttl, consistency, read_only, maintenance and
 * metrics intervals), so Badger runs with its v4 DefaultOptions (badger/options.go): up to NumMemtables
 * (5) memtables of MemTableSize (64 MiB) in memory and a block cache of BlockCacheSize (256 MiB). The
 * Jaeger process beside it (receivers, query, UI) is taken as 64 MiB more. Below that sum the container
 * is OOM-killed in its first busy hour.
 */
const MiB = 1024 * 1024;

/** Badger's memtables and block cache at their defaults. */
export const BADGER_STORE_MEMORY = 5 * 64 * MiB + 256 * MiB;
/** Jaeger's own process beside its store. */
export const JAEGER_PROCESS_MEMORY = 64 * MiB;
/** The smallest memory limit a Jaeger on Badger may have: 640 MiB. */
export const BADGER_MINIMUM_MEMORY_LIMIT = BADGER_STORE_MEMORY + JAEGER_PROCESS_MEMORY;
/** The memory limit a Jaeger on Badger gets when the config sets none: the minimum with room to spare. */
export const BADGER_DEFAULT_MEMORY_LIMIT = '768Mi';
