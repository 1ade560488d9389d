import { test } from 'node:test'
import assert from 'node:assert/strict'
import { shouldLimitArenas } from '../../../src/malloc-arenas.ts'
import type { ArenaContext } from '../../../src/malloc-arenas.ts'

const linux: ArenaContext = { env: {}, platform: 'linux', execArgv: [], canExecve: true }

test('Linux without MALLOC_ARENA_MAX re-executes with the limit', () => {
  assert.equal(shouldLimitArenas(linux), true)
  assert.equal(shouldLimitArenas({ ...linux, execArgv: ['--expose-gc'] }), true)
})

test('an operator\'s MALLOC_ARENA_MAX, any value, is left alone', () => {
  assert.equal(shouldLimitArenas({ ...linux, env: { MALLOC_ARENA_MAX: '8' } }), false)
  assert.equal(shouldLimitArenas({ ...linux, env: { MALLOC_ARENA_MAX: '' } }), false)
})

test('no re-execution under an inspector, off Linux, or without execve', () => {
  assert.equal(shouldLimitArenas({ ...linux, execArgv: ['--inspect=127.0.0.1:0'] }), false)
  assert.equal(shouldLimitArenas({ ...linux, execArgv: ['--inspect-brk'] }), false)
  assert.equal(shouldLimitArenas({ ...linux, platform: 'darwin' }), false)
  assert.equal(shouldLimitArenas({ ...linux, platform: 'win32' }), false)
  assert.equal(shouldLimitArenas({ ...linux, canExecve: false }), false)
})
