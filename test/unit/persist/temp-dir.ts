import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import type { TestContext } from 'node:test'

/** A fresh directory under the OS temp dir, removed when the test ends. */
export function tempDir (t: TestContext): string {
  const dir = mkdtempSync(join(os.tmpdir(), 'bm-persist-'))
  t.after(() => { rmSync(dir, { recursive: true, force: true }) })
  return dir
}
