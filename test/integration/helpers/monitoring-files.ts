import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

/** The repository's monitoring/ folder. */
export const MONITORING_DIR = fileURLToPath(new URL('../../../monitoring/', import.meta.url))

/** One rule of a Prometheus rule file, as written. */
export interface RuleSpec {
  alert?: string
  record?: string
  expr: string
  for?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
}

/** The rule files in monitoring/rules, and the rules of each. */
export async function loadRuleFiles (): Promise<Array<{ file: string, rules: RuleSpec[] }>> {
  const dir = join(MONITORING_DIR, 'rules')
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yml')).sort()
  return await Promise.all(files.map(async (file) => {
    const doc = parse(await readFile(join(dir, file), 'utf8')) as { groups: Array<{ rules: RuleSpec[] }> }
    return { file, rules: doc.groups.flatMap((g) => g.rules) }
  }))
}

/**
 * Copies prometheus.yml and rules/ into `dir`, with the credentials file the
 * config names (empty: the service runs without keys). Returns the path of
 * the copied prometheus.yml. `edit` may rewrite the config text first.
 */
export async function stageMonitoring (dir: string, edit: (config: string) => string = (c) => c, readKey = ''): Promise<string> {
  await cp(join(MONITORING_DIR, 'rules'), join(dir, 'rules'), { recursive: true })
  await mkdir(join(dir, 'secrets'), { recursive: true })
  await writeFile(join(dir, 'secrets', 'metrics-read-key'), readKey)
  const config = edit(await readFile(join(MONITORING_DIR, 'prometheus.yml'), 'utf8'))
  const path = join(dir, 'prometheus.yml')
  await writeFile(path, config)
  return path
}
