import { test } from 'node:test'
import type { TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  parseInetTableInodes,
  parseSocketInode,
  parseThreadCount,
  readInetConnectionCount,
  readInetConnectionCountAsync,
  readOpenFdCount,
  readSocketInodes,
  readThreadCount,
  scanInetTableInodes
} from '../../../src/collect/proc-stats.ts'

const STATUS = [
  'Name:\tnode',
  'Umask:\t0022',
  'State:\tS (sleeping)',
  'VmRSS:\t   57544 kB',
  'Threads:\t11',
  'SigQ:\t0/96364',
  ''
].join('\n')

const TCP = [
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 40212 1 0000000000000000 100 0 0 10 0',
  '   1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        0 40213 1 0000000000000000 20 4 30 10 -1',
  // TIME_WAIT: no owner, inode 0.
  '   2: 0100007F:1F90 0100007F:C351 06 00000000:00000000 03:00001770 00000000     0        0 0 3 0000000000000000',
  ''
].join('\n')

const TCP6 = [
  '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 00000000000000000000000000000000:1F91 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 50001 1 0000000000000000 100 0 0 10 0',
  ''
].join('\n')

const UDP = [
  '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops',
  '  123: 00000000:0044 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 60001 2 0000000000000000 0',
  ''
].join('\n')

test('parseThreadCount reads the Threads: line', () => {
  assert.equal(parseThreadCount(STATUS), 11)
  assert.equal(parseThreadCount('Threads:\t1'), 1)
})

test('parseThreadCount is null without a Threads: line', () => {
  assert.equal(parseThreadCount('Name:\tnode\nState:\tR\n'), null)
  assert.equal(parseThreadCount(''), null)
  // Not fooled by a field that merely contains the word.
  assert.equal(parseThreadCount('NotThreads:\t4\n'), null)
})

test('parseSocketInode takes the inode of socket links only', () => {
  assert.equal(parseSocketInode('socket:[40212]'), '40212')
  assert.equal(parseSocketInode('pipe:[40212]'), null)
  assert.equal(parseSocketInode('anon_inode:[eventpoll]'), null)
  assert.equal(parseSocketInode('/dev/null'), null)
})

test('parseInetTableInodes skips the header and inode 0', () => {
  assert.deepEqual([...parseInetTableInodes(TCP)], ['40212', '40213'])
  assert.deepEqual([...parseInetTableInodes(TCP6)], ['50001'])
  assert.deepEqual([...parseInetTableInodes(UDP)], ['60001'])
  assert.deepEqual([...parseInetTableInodes(TCP.split('\n')[0])], [])
  assert.deepEqual([...parseInetTableInodes('')], [])
})

test('parseInetTableInodes accumulates into the given set', () => {
  const all = parseInetTableInodes(UDP, parseInetTableInodes(TCP))
  assert.deepEqual([...all].sort(), ['40212', '40213', '60001'])
})

/** The rows' inodes as the tables' format defines them, by splitting on whitespace: the reference the scanner must agree with. */
function referenceInodes (tableText: string): number[] {
  const out: number[] = []
  for (const line of tableText.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/)
    if (fields.length <= 9) continue
    if (/^\d+$/.test(fields[9]) && Number(fields[9]) !== 0) out.push(Number(fields[9]))
  }
  return out
}

function scanned (tableText: string): number[] {
  const out: number[] = []
  scanInetTableInodes(tableText, (inode) => { out.push(inode) })
  return out
}

test('scanInetTableInodes reads the inode column of the kernel\'s rows', () => {
  assert.deepEqual(scanned(TCP), [40212, 40213])
  assert.deepEqual(scanned(TCP6), [50001])
  assert.deepEqual(scanned(UDP), [60001])
  assert.deepEqual(scanned(TCP.replaceAll('\n', '\r\n')), [40212, 40213], 'CRLF rows')
  assert.deepEqual(scanned(TCP.slice(0, -1)), [40212, 40213], 'no final newline')
  assert.deepEqual(scanned('header only'), [])
  assert.deepEqual(scanned(''), [])
})

test('scanInetTableInodes agrees with splitting on whitespace, on random rows', () => {
  // mulberry32: a fixed seed, so a failure can be replayed.
  let seed = 0x5eed
  const random = (): number => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]
  const gaps = [' ', '  ', '\t', ' \t ', '     ']
  const inodes = ['0', '7', '40212', '4294967295', '12a', '-3', '00', '0042']
  for (let round = 0; round < 200; round++) {
    const rows = [TCP.split('\n')[0]]
    const n = Math.floor(random() * 30)
    for (let r = 0; r < n; r++) {
      const columns = Math.floor(random() * 17) + 1
      const fields: string[] = []
      for (let c = 0; c < columns; c++) fields.push(c === 9 ? pick(inodes) : pick(['0:', '0100007F:1F90', '0A', '00000000', '1000', 'x']))
      rows.push((random() < 0.5 ? pick(gaps) : '') + fields.map((f, i) => i === 0 ? f : pick(gaps) + f).join('') + (random() < 0.3 ? pick(gaps) : ''))
    }
    const text = rows.join('\n') + (random() < 0.5 ? '\n' : '')
    assert.deepEqual(scanned(text), referenceInodes(text), text)
  }
})

/** A fake /proc/<pid> tree: fd links are symlinks whose target is the text the kernel shows. */
function fakeProc (t: TestContext, fds: Record<string, string>, tables: Record<string, string> | null): string {
  const dir = mkdtempSync(join(tmpdir(), 'bm-proc-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(join(dir, 'status'), STATUS)
  mkdirSync(join(dir, 'fd'))
  for (const [fd, target] of Object.entries(fds)) symlinkSync(target, join(dir, 'fd', fd))
  if (tables !== null) {
    mkdirSync(join(dir, 'net'))
    for (const [name, text] of Object.entries(tables)) writeFileSync(join(dir, 'net', name), text)
  }
  return dir
}

const FDS = {
  0: '/dev/null',
  3: 'socket:[40212]', // tcp, listening
  4: 'pipe:[777]',
  5: 'socket:[99999]', // a unix socket: in no inet table
  6: 'socket:[40212]', // dup of fd 3
  7: 'socket:[60001]', // udp
  8: 'socket:[50001]' // tcp6
}

test('read functions read a /proc tree', (t) => {
  const dir = fakeProc(t, FDS, { tcp: TCP, tcp6: TCP6, udp: UDP, udp6: UDP.split('\n')[0] })
  assert.equal(readThreadCount(dir), 11)
  assert.equal(readOpenFdCount(dir), 7)
  assert.deepEqual(readSocketInodes(dir).sort(), ['40212', '40212', '50001', '60001', '99999'])
  assert.equal(readInetConnectionCount(dir), 4)
})

test('the async socket count reads the same tree to the same figures', async (t) => {
  assert.equal(await readInetConnectionCountAsync(fakeProc(t, FDS, { tcp: TCP, tcp6: TCP6, udp: UDP, udp6: UDP.split('\n')[0] })), 4)
  assert.equal(await readInetConnectionCountAsync(fakeProc(t, FDS, { tcp: TCP, udp: UDP })), 3)
  assert.equal(await readInetConnectionCountAsync(fakeProc(t, FDS, null)), null)
  assert.equal(await readInetConnectionCountAsync(fakeProc(t, { 0: '/dev/null', 4: 'pipe:[777]' }, null)), 0)
  await assert.rejects(readInetConnectionCountAsync(join(tmpdir(), 'bm-proc-does-not-exist', 'self')), { code: 'ENOENT' })
})

test('readInetConnectionCount treats a missing table as empty', (t) => {
  // IPv6 disabled: no tcp6 / udp6.
  const dir = fakeProc(t, FDS, { tcp: TCP, udp: UDP })
  assert.equal(readInetConnectionCount(dir), 3)
})

test('readInetConnectionCount is null when no table can be read', (t) => {
  const dir = fakeProc(t, FDS, null)
  assert.equal(readInetConnectionCount(dir), null)
})

test('readInetConnectionCount is 0 without sockets, tables or not', (t) => {
  const dir = fakeProc(t, { 0: '/dev/null', 4: 'pipe:[777]' }, null)
  assert.equal(readInetConnectionCount(dir), 0)
})

test('read functions throw when the /proc tree is missing', () => {
  const missing = join(tmpdir(), 'bm-proc-does-not-exist', 'self')
  assert.throws(() => readThreadCount(missing), { code: 'ENOENT' })
  assert.throws(() => readOpenFdCount(missing), { code: 'ENOENT' })
  assert.throws(() => readInetConnectionCount(missing), { code: 'ENOENT' })
})
