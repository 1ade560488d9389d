import { readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { readdir, readFile, readlink } from 'node:fs/promises'

/**
 * Readers of Linux /proc for the figures Node itself does not offer: thread,
 * file-descriptor and inet-socket counts. Parsing is kept apart from reading
 * so that it can be tested on fixed text. Reading files instead of spawning
 * `ps`/`lsof` keeps a sample to a few syscalls and works in slim containers.
 *
 * Read functions throw on I/O errors; the sampler turns that into `null`.
 */

/** This process's /proc directory. */
export const PROC_SELF = '/proc/self'

/** The socket tables that psutil's `connections('inet')` reads. */
const INET_TABLES = ['tcp', 'tcp6', 'udp', 'udp6'] as const

/** Column of the inode in /proc/net/{tcp,tcp6,udp,udp6} rows (0-based). */
const INODE_COLUMN = 9

/**
 * Thread count from the text of /proc/<pid>/status, or `null` when it has no
 * `Threads:` line.
 *
 * @example parseThreadCount('Name:\tnode\nThreads:\t7\n') // 7
 */
export function parseThreadCount (statusText: string): number | null {
  const match = /^Threads:\s*(\d+)\s*$/m.exec(statusText)
  return match === null ? null : Number(match[1])
}

/**
 * Inode of a socket from the target of a /proc/<pid>/fd link, or `null` when
 * the descriptor is not a socket.
 *
 * @example parseSocketInode('socket:[40212]') // '40212'
 */
export function parseSocketInode (linkTarget: string): string | null {
  const match = /^socket:\[(\d+)\]$/.exec(linkTarget)
  return match === null ? null : match[1]
}

/**
 * Calls `visit` with the inode of each row of one
 * /proc/net/{tcp,tcp6,udp,udp6} table. The header row, rows with fewer
 * columns, inodes that are not all digits and inode 0 (sockets no longer
 * owned by any process, as in TIME_WAIT) are skipped.
 *
 * Why a scanner rather than split(): the tables list every socket of the
 * network namespace (thousands on a busy host), and splitting each row into
 * its seventeen fields made tens of thousands of strings per sample, every
 * second, on the event loop. This reads the characters in place and
 * allocates nothing.
 */
export function scanInetTableInodes (tableText: string, visit: (inode: number) => void): void {
  const length = tableText.length
  // Row 0 is the column header.
  let at = tableText.indexOf('\n') + 1
  while (at > 0 && at < length) {
    let end = tableText.indexOf('\n', at)
    if (end < 0) end = length
    let field = -1
    let inField = false
    let inode = 0
    let digits = 0
    let numeric = true
    for (let i = at; i < end; i++) {
      const c = tableText.charCodeAt(i)
      if (c === 32 || c === 9 || c === 13) {
        if (inField && field === INODE_COLUMN) break
        inField = false
        continue
      }
      if (!inField) {
        inField = true
        field++
      }
      if (field === INODE_COLUMN) {
        if (c >= 48 && c <= 57) {
          inode = inode * 10 + (c - 48)
          digits++
        } else {
          numeric = false
        }
      }
    }
    if (field >= INODE_COLUMN && numeric && digits > 0 && inode !== 0) visit(inode)
    at = end + 1
  }
}

/**
 * Adds the inodes of the rows of one /proc/net/{tcp,tcp6,udp,udp6} table to
 * `into`, and returns it (see scanInetTableInodes for the rows skipped).
 */
export function parseInetTableInodes (tableText: string, into = new Set<string>()): Set<string> {
  scanInetTableInodes(tableText, (inode) => { into.add(String(inode)) })
  return into
}

/** Thread count of the process, from `<procDir>/status`; `null` if absent. */
export function readThreadCount (procDir = PROC_SELF): number | null {
  return parseThreadCount(readFileSync(`${procDir}/status`, 'utf8'))
}

/**
 * Open file descriptors of the process: entries of `<procDir>/fd`. Like
 * psutil's `num_fds()`, this includes the descriptor used to list the directory.
 */
export function readOpenFdCount (procDir = PROC_SELF): number {
  return readdirSync(`${procDir}/fd`).length
}

/** Socket inodes of the process's descriptors, one entry per descriptor. */
export function readSocketInodes (procDir = PROC_SELF): string[] {
  const fdDir = `${procDir}/fd`
  const targets = readdirSync(fdDir).map((fd) => {
    try {
      return readlinkSync(`${fdDir}/${fd}`)
    } catch {
      // Closed since the listing (the listing's own descriptor always is).
      return null
    }
  })
  return socketInodesOf(targets)
}

/** As readSocketInodes, with the links read on libuv's thread pool. */
export async function readSocketInodesAsync (procDir = PROC_SELF): Promise<string[]> {
  const fdDir = `${procDir}/fd`
  const fds = await readdir(fdDir)
  return socketInodesOf(await Promise.all(fds.map(async (fd) => await readlink(`${fdDir}/${fd}`).catch(() => null))))
}

function socketInodesOf (linkTargets: ReadonlyArray<string | null>): string[] {
  const inodes: string[] = []
  for (const target of linkTargets) {
    const inode = target === null ? null : parseSocketInode(target)
    if (inode !== null) inodes.push(inode)
  }
  return inodes
}

/**
 * Inet (TCP and UDP, IPv4 and IPv6) sockets of the process, or `null` when no
 * socket table can be read. A missing table (IPv6 disabled) counts as empty.
 */
export function readInetConnectionCount (procDir = PROC_SELF): number | null {
  const socketInodes = readSocketInodes(procDir)
  // The tables list every socket of the network namespace: skip reading
  // them when the process holds no socket at all.
  if (socketInodes.length === 0) return 0
  return inetCount(socketInodes, INET_TABLES.map((table) => {
    try {
      return readFileSync(`${procDir}/net/${table}`, 'utf8')
    } catch {
      return null
    }
  }))
}

/**
 * As readInetConnectionCount, with every read on libuv's thread pool. The
 * kernel builds each table by walking the namespace's whole socket hash:
 * about a millisecond per TCP table here, which a synchronous read takes
 * out of the event loop.
 */
export async function readInetConnectionCountAsync (procDir = PROC_SELF): Promise<number | null> {
  const socketInodes = await readSocketInodesAsync(procDir)
  if (socketInodes.length === 0) return 0
  return inetCount(socketInodes, await Promise.all(INET_TABLES.map(async (table) => await readFile(`${procDir}/net/${table}`, 'utf8').catch(() => null))))
}

/** Inet sockets among `socketInodes`, given the text of each table (null: unreadable); null when none could be read. */
function inetCount (socketInodes: readonly string[], tableTexts: ReadonlyArray<string | null>): number | null {
  // Only the process's own inodes are kept, as numbers: the tables' other rows make no string and no set entry.
  const own = new Set<number>()
  for (const inode of socketInodes) own.add(Number(inode))
  const inet = new Set<number>()
  const visit = (inode: number): void => { if (own.has(inode)) inet.add(inode) }
  let tablesRead = 0
  for (const text of tableTexts) {
    if (text === null) continue
    scanInetTableInodes(text, visit)
    tablesRead++
  }
  if (tablesRead === 0) return null
  let count = 0
  for (const inode of socketInodes) if (inet.has(Number(inode))) count++
  return count
}
