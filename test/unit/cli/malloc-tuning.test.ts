import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mallocSettingsToAdd } from '../../../src/malloc-tuning.ts'
import type { MallocContext } from '../../../src/malloc-tuning.ts'

const linux: MallocContext = { env: {}, platform: 'linux', execArgv: [], canExecve: true }

test('Linux with neither variable re-executes with both', () => {
  assert.deepEqual(mallocSettingsToAdd(linux), { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' })
  assert.deepEqual(mallocSettingsToAdd({ ...linux, execArgv: ['--expose-gc'] }), { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' })
})

test('an operator\'s own value, any value, is left alone; only the missing one is added', () => {
  assert.deepEqual(mallocSettingsToAdd({ ...linux, env: { MALLOC_ARENA_MAX: '8' } }), { MALLOC_MMAP_THRESHOLD_: '131072' })
  assert.deepEqual(mallocSettingsToAdd({ ...linux, env: { MALLOC_ARENA_MAX: '' } }), { MALLOC_MMAP_THRESHOLD_: '131072' })
  assert.deepEqual(mallocSettingsToAdd({ ...linux, env: { MALLOC_MMAP_THRESHOLD_: '65536' } }), { MALLOC_ARENA_MAX: '2' })
  assert.equal(mallocSettingsToAdd({ ...linux, env: { MALLOC_ARENA_MAX: '4', MALLOC_MMAP_THRESHOLD_: '65536' } }), null)
})

test('no re-execution under an inspector, off Linux, or without execve', () => {
  assert.equal(mallocSettingsToAdd({ ...linux, execArgv: ['--inspect=127.0.0.1:0'] }), null)
  assert.equal(mallocSettingsToAdd({ ...linux, execArgv: ['--inspect-brk'] }), null)
  assert.equal(mallocSettingsToAdd({ ...linux, platform: 'darwin' }), null)
  assert.equal(mallocSettingsToAdd({ ...linux, platform: 'win32' }), null)
  assert.equal(mallocSettingsToAdd({ ...linux, canExecve: false }), null)
})
