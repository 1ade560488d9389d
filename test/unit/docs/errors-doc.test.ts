import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync, statSync } from 'node:fs'

// Every code thrown in src/ is documented in docs/errors.md, and every
// documented code exists in src/: the two cannot drift apart.
test('docs/errors.md lists exactly the error codes the source uses', () => {
  const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8')
  const documented = new Set([...doc.matchAll(/`(BM_ERR_[A-Z_]+)`/g)].map((m) => m[1]))
  const src = execSource()
  const used = new Set([...src.matchAll(/'(BM_ERR_[A-Z_]+)'/g)].map((m) => m[1]))
  assert.deepEqual([...used].sort(), [...documented].sort())
})

function execSource (): string {
  const root = new URL('../../../src/', import.meta.url).pathname
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => {
    const p = dir + f
    return statSync(p).isDirectory() ? walk(p + '/') : p.endsWith('.ts') ? [readFileSync(p, 'utf8')] : []
  })
  return walk(root).join('\n')
}
