import { totalmem } from 'node:os'
import { getHeapStatistics } from 'node:v8'
import { readDiskUsagePercent } from './disk-usage.ts'
import { readInetConnectionCount, readInetConnectionCountAsync, readOpenFdCount, readThreadCount } from './proc-stats.ts'

/**
 * Where each raw figure of a sample comes from. A reader returns `null` when
 * the figure does not exist on this platform and throws when a read fails;
 * the sampler turns both into a `null` field. Tests swap single readers to
 * check that path.
 */
export interface SystemReaders {
  /** CPU time used by the process (user + system, all threads), µs. */
  cpuMicros: () => number | null
  /** Resident set size, bytes. */
  rssBytes: () => number | null
  /** Total physical memory of the host, bytes. */
  totalMemoryBytes: () => number | null
  /** V8 heap in use, bytes. */
  heapUsedBytes: () => number | null
  /** Usage of the filesystem holding the data directory, percent. */
  diskUsagePercent: () => number | null
  /** OS threads of the process. */
  threadCount: () => number | null
  /** Open file descriptors of the process. */
  openFdCount: () => number | null
  /** Inet (TCP, UDP; IPv4, IPv6) sockets of the process. */
  inetConnectionCount: () => number | null
  /**
   * The same count, read off the event loop. The sampler's timer uses it when
   * present: on Linux the socket tables cost milliseconds of kernel time,
   * which would otherwise stall every request in flight once per sample.
   */
  inetConnectionCountAsync?: () => Promise<number | null>
}

const unavailable = (): null => null

/**
 * The readers for `platform`: Node's own figures everywhere (getrusage for
 * CPU, which counts every thread at µs precision, finer than the 10 ms ticks
 * of /proc/self/stat), /proc for the counts on Linux, and `null` for the
 * counts elsewhere. Nothing spawns a process.
 *
 * @param dataDir directory whose filesystem `diskUsagePercent` measures.
 * @param platform decides, once, which readers exist.
 */
export function defaultReaders (dataDir: string, platform: NodeJS.Platform = process.platform): SystemReaders {
  const linux = platform === 'linux'
  return {
    cpuMicros: () => {
      const usage = process.cpuUsage()
      return usage.user + usage.system
    },
    rssBytes: () => process.memoryUsage.rss(),
    // The host's memory, not a cgroup limit, as psutil's memory_percent.
    totalMemoryBytes: () => totalmem(),
    heapUsedBytes: () => getHeapStatistics().used_heap_size,
    diskUsagePercent: () => readDiskUsagePercent(dataDir),
    threadCount: linux ? () => readThreadCount() : unavailable,
    openFdCount: linux ? () => readOpenFdCount() : unavailable,
    inetConnectionCount: linux ? () => readInetConnectionCount() : unavailable,
    ...(linux ? { inetConnectionCountAsync: async () => await readInetConnectionCountAsync() } : {})
  }
}
