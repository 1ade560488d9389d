import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mallocSettingsToAdd, nodeArgsToAdd, reexecution, SEMI_SPACE_FLAG } from '../../../src/malloc-tuning.ts'
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

test('the re-execution adds the semi-space cap to the node arguments, and the missing malloc variables', () => {
  assert.deepEqual(reexecution(linux), { env: { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' }, nodeArgs: [SEMI_SPACE_FLAG] })
  assert.equal(SEMI_SPACE_FLAG, '--max-semi-space-size=16')
  // The malloc variables set by the operator: the cap alone is still worth the one re-execution.
  const mallocSet = { MALLOC_ARENA_MAX: '4', MALLOC_MMAP_THRESHOLD_: '65536' }
  assert.deepEqual(reexecution({ ...linux, env: mallocSet }), { env: {}, nodeArgs: [SEMI_SPACE_FLAG] })
  assert.deepEqual(reexecution({ ...linux, env: { MALLOC_ARENA_MAX: '8' }, execArgv: ['--expose-gc'] }), { env: { MALLOC_MMAP_THRESHOLD_: '131072' }, nodeArgs: [SEMI_SPACE_FLAG] })
})

test('an operator\'s own young generation size, in the node arguments or NODE_OPTIONS, in either spelling, is kept', () => {
  const malloc = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' }
  for (const execArgv of [['--max-semi-space-size=64'], ['--max-semi-space-size', '64'], ['--max_semi_space_size=1'], ['--expose-gc', '--max-semi-space-size=8']]) {
    assert.deepEqual(reexecution({ ...linux, execArgv }), { env: malloc, nodeArgs: [] }, execArgv.join(' '))
    assert.equal(reexecution({ ...linux, execArgv, env: malloc }), null, `${execArgv.join(' ')}: nothing left to add, no re-execution`)
  }
  for (const NODE_OPTIONS of ['--max-semi-space-size=64', '--enable-source-maps  --max_semi_space_size=32', '--max-semi-space-size 32']) {
    assert.deepEqual(reexecution({ ...linux, env: { NODE_OPTIONS } }), { env: malloc, nodeArgs: [] }, NODE_OPTIONS)
    assert.deepEqual(nodeArgsToAdd([], { NODE_OPTIONS }), [], NODE_OPTIONS)
  }
  // The heap sized as a whole, or the semi-spaces' least size: the operator's young generation too.
  // With --max-heap-size and --max-old-space-size, V8 would abort at start if the cap were added.
  assert.deepEqual(nodeArgsToAdd(['--max-heap-size=512', '--max-old-space-size=256'], {}), [])
  assert.deepEqual(nodeArgsToAdd([], { NODE_OPTIONS: '--min-semi-space-size=4' }), [])
  // Other flags, or a name that only starts the same, are not a size.
  assert.deepEqual(nodeArgsToAdd(['--max-old-space-size=512'], { NODE_OPTIONS: '--max-semi-space-size-x=1 --enable-source-maps' }), [SEMI_SPACE_FLAG])
  assert.deepEqual(nodeArgsToAdd([], {}), [SEMI_SPACE_FLAG])
})

test('after the re-execution nothing is left to add: it happens once', () => {
  const first = reexecution(linux) ?? assert.fail('expected a re-execution')
  assert.equal(reexecution({ ...linux, env: { ...first.env }, execArgv: first.nodeArgs }), null)
})

test('no re-execution for the cap either under an inspector, off Linux, or without execve', () => {
  assert.equal(reexecution({ ...linux, execArgv: ['--inspect=127.0.0.1:0'] }), null)
  assert.equal(reexecution({ ...linux, execArgv: ['--inspect-brk'] }), null)
  assert.equal(reexecution({ ...linux, platform: 'darwin' }), null)
  assert.equal(reexecution({ ...linux, canExecve: false }), null)
})
