import { statfsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

/** The block counts of a `statfs` result that disk usage needs. */
export interface StatfsBlocks {
  /** Fundamental block size, bytes. */
  bsize: number
  /** Total data blocks. */
  blocks: number
  /** Free blocks, the root reserve included. */
  bfree: number
  /** Free blocks available to unprivileged users. */
  bavail: number
}

/**
 * Filesystem usage in percent, as psutil's `disk_usage`: used / (used +
 * available), with used = (blocks - bfree) * bsize. Leaving the root reserve
 * out of the total makes 100 % mean "an unprivileged write fails", which is
 * what the bot cares about (and what `df` shows). `null` for a filesystem
 * with no blocks (procfs and the like).
 *
 * @example diskUsagePercent({ bsize: 4096, blocks: 1000, bfree: 400, bavail: 300 }) // 66.67
 */
export function diskUsagePercent (s: StatfsBlocks): number | null {
  const used = (s.blocks - s.bfree) * s.bsize
  const total = used + s.bavail * s.bsize
  return total > 0 ? used / total * 100 : null
}

/**
 * Usage of the filesystem that holds `dir`, percent. A directory that does not
 * exist yet (a data dir made on first write) is measured at its nearest
 * existing ancestor, where it will be created.
 *
 * @throws the `statfs` error when no ancestor can be read either.
 */
export function readDiskUsagePercent (dir: string, statfs: (path: string) => StatfsBlocks = statfsSync): number | null {
  let current = resolve(dir)
  for (;;) {
    try {
      return diskUsagePercent(statfs(current))
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      const parent = dirname(current)
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === current) throw error
      current = parent
    }
  }
}
