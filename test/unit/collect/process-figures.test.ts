import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseMaxOpenFiles, parseStatusBytes, readProcessFigures } from '../../../src/collect/process-figures.ts'

const STATUS = 'Name:\tnode\nVmPeak:\t 1100000 kB\nVmSize:\t 1048576 kB\nVmRSS:\t   65536 kB\nVmData:\t  204800 kB\nThreads:\t11\n'
const LIMITS = [
  'Limit                     Soft Limit           Hard Limit           Units     ',
  'Max processes             63304                63304                processes ',
  'Max open files            1024                 524288               files     ',
  ''
].join('\n')

test('size fields of /proc/<pid>/status are read in kB and given in bytes', () => {
  assert.equal(parseStatusBytes(STATUS, 'VmSize'), 1048576 * 1024)
  assert.equal(parseStatusBytes(STATUS, 'VmData'), 204800 * 1024)
  assert.equal(parseStatusBytes(STATUS, 'VmSwap'), null)
  assert.equal(parseStatusBytes('VmSizeX:\t 1 kB\n', 'VmSize'), null)
})

test('the soft limit of open files is the one exposed; unlimited is no figure', () => {
  assert.equal(parseMaxOpenFiles(LIMITS), 1024)
  assert.equal(parseMaxOpenFiles('Max open files            unlimited            unlimited            files\n'), null)
  assert.equal(parseMaxOpenFiles(''), null)
})

test('without a sampler the interval figures are null and the live ones are read', () => {
  const f = readProcessFigures()
  assert.equal(f.eventLoopDelay, null)
  assert.equal(f.eventLoopLagSeconds, null)
  assert.equal(f.gc, null)
  assert.ok(f.residentMemoryBytes > 0 && f.heapUsedBytes > 0 && f.cpuUserSeconds > 0)
  assert.equal(f.nodeVersion, process.version)
  assert.ok(f.heapSpaces.some((s) => s.space === 'old'))
})
