import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { startService } from './helpers/processes.ts'
import { SEMI_SPACE_FLAG } from '../../src/malloc-tuning.ts'

/** The arguments a running process was started with, from /proc. */
function cmdlineOf (pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((a) => a !== '')
}

/** The environment a running process was started with, from /proc. */
function environOf (pid: number): Map<string, string> {
  const entries = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter((e) => e !== '')
  return new Map(entries.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]))
}

test('the CLI runs the service with two malloc arenas and a fixed mmap threshold, in the process it was started as', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  delete process.env.MALLOC_ARENA_MAX
  delete process.env.MALLOC_MMAP_THRESHOLD_
  const service = await startService('serve', ['--no-persist'])
  try {
    const pid = service.child.pid ?? 0
    assert.equal(environOf(pid).get('MALLOC_ARENA_MAX'), '2')
    assert.equal(environOf(pid).get('MALLOC_MMAP_THRESHOLD_'), '131072')
    assert.ok(cmdlineOf(pid).includes(SEMI_SPACE_FLAG), cmdlineOf(pid).join(' '))
    // Same process: the PID a supervisor watches answers the API.
    const res = await fetch(`${service.url}/api/health/live`)
    assert.equal(res.status, 200)
  } finally {
    await service.stop()
  }
})

test('an operator\'s own MALLOC_ARENA_MAX is kept as it is', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  const service = await startService('serve', ['--no-persist'], { MALLOC_ARENA_MAX: '4' })
  try {
    assert.equal(environOf(service.child.pid ?? 0).get('MALLOC_ARENA_MAX'), '4')
    assert.equal(environOf(service.child.pid ?? 0).get('MALLOC_MMAP_THRESHOLD_'), '131072', 'the other setting is still added')
  } finally {
    await service.stop()
  }
})

test('an operator\'s own semi-space size in NODE_OPTIONS is kept: the cap is not added', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  const service = await startService('serve', ['--no-persist'], { NODE_OPTIONS: '--max-semi-space-size=32' })
  try {
    const pid = service.child.pid ?? 0
    assert.ok(!cmdlineOf(pid).some((a) => a.startsWith('--max-semi-space-size')), cmdlineOf(pid).join(' '))
    assert.equal(environOf(pid).get('NODE_OPTIONS'), '--max-semi-space-size=32')
    assert.equal(environOf(pid).get('MALLOC_ARENA_MAX'), '2', 'the malloc variables are still added')
  } finally {
    await service.stop()
  }
})
