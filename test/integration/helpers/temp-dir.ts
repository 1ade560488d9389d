import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A fresh directory under the OS temp dir and the function that removes it. */
export interface TempDir {
  path: string
  remove: () => Promise<void>
}

/** Makes a temp directory named `bm-<prefix>-XXXXXX`. */
export async function tempDir (prefix: string): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), `bm-${prefix}-`))
  return { path, remove: async () => { await rm(path, { recursive: true, force: true }) } }
}
