import { test } from 'node:test'
import assert from 'node:assert/strict'
import { resolveRouteSecurity, scopeAllows } from '../../../../src/http/security/route-security.ts'
import type { KeyScope, Scope } from '../../../../src/http/security/route-security.ts'
import { ConfigError } from '../../../../src/core/errors.ts'

test('undeclared routes: GET/HEAD need read, OPTIONS is public, anything else needs admin', () => {
  assert.deepEqual(resolveRouteSecurity('GET', '/x', undefined), { scope: 'read', rateClass: 'read' })
  assert.deepEqual(resolveRouteSecurity(['GET', 'HEAD'], '/x', {}), { scope: 'read', rateClass: 'read' })
  assert.deepEqual(resolveRouteSecurity('OPTIONS', '*', undefined), { scope: 'public', rateClass: 'none' })
  for (const m of ['POST', 'PUT', 'PATCH', 'DELETE']) assert.deepEqual(resolveRouteSecurity(m, '/x', undefined), { scope: 'admin', rateClass: 'admin' })
  assert.deepEqual(resolveRouteSecurity(['GET', 'POST'], '/x', undefined), { scope: 'admin', rateClass: 'admin' })
})

test('declared scopes win, and pick their rate class unless one is declared', () => {
  assert.deepEqual(resolveRouteSecurity('POST', '/events', { scope: 'write' }), { scope: 'write', rateClass: 'ingest' })
  assert.deepEqual(resolveRouteSecurity('GET', '/live', { scope: 'public' }), { scope: 'public', rateClass: 'none' })
  assert.deepEqual(resolveRouteSecurity('GET', '/', { rateClass: 'scrape' }), { scope: 'read', rateClass: 'scrape' })
  assert.deepEqual(resolveRouteSecurity('GET', '/config', { scope: 'admin' }), { scope: 'admin', rateClass: 'admin' })
})

test('an unknown scope or class throws when the route is registered', () => {
  assert.throws(() => resolveRouteSecurity('GET', '/x', { scope: 'pubic' as Scope }), (e: unknown) => e instanceof ConfigError && /route GET \/x.*scope must be one of/.test(e.message))
  assert.throws(() => resolveRouteSecurity('GET', '/x', { rateClass: 'fast' as 'read' }), /rateClass must be one of/)
})

test('scopeAllows: admin does everything, write does not read, read does not write', () => {
  const s = (...scopes: KeyScope[]): Set<KeyScope> => new Set(scopes)
  const table: Array<[KeyScope[], Record<Scope, boolean>]> = [
    [[], { public: true, read: false, write: false, admin: false }],
    [['read'], { public: true, read: true, write: false, admin: false }],
    [['write'], { public: true, read: false, write: true, admin: false }],
    [['read', 'write'], { public: true, read: true, write: true, admin: false }],
    [['admin'], { public: true, read: true, write: true, admin: true }]
  ]
  for (const [granted, expected] of table) {
    for (const [needed, allowed] of Object.entries(expected)) {
      assert.equal(scopeAllows(s(...granted), needed as Scope), allowed, `${granted.join('+')} on ${needed}`)
    }
  }
})
