/**
 * Writes the Grafana dashboards under monitoring/grafana/dashboards/ from
 * their TypeScript definitions in scripts/dashboards/.
 *   npm run dashboards            regenerate
 *   npm run dashboards -- --check exit 1 if a committed JSON is out of date
 */
import { readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { fleetDashboard } from './dashboards/fleet.ts'
import { overviewDashboard } from './dashboards/overview.ts'
import type { Dashboard } from './dashboards/grafana-model.ts'

export const DASHBOARD_DIR = fileURLToPath(new URL('../monitoring/grafana/dashboards/', import.meta.url))

/** File name and content of every generated dashboard. */
export function renderDashboards (): Array<{ file: string, json: string, dashboard: Dashboard }> {
  return [overviewDashboard(), fleetDashboard()].map((dashboard) => ({
    file: `${dashboard.uid}.json`,
    json: JSON.stringify(dashboard, null, 2) + '\n',
    dashboard
  }))
}

async function main (check: boolean): Promise<number> {
  let stale = 0
  for (const { file, json } of renderDashboards()) {
    const path = DASHBOARD_DIR + file
    if (check) {
      const current = await readFile(path, 'utf8').catch(() => '')
      if (current !== json) {
        process.stderr.write(`${path} is out of date: run npm run dashboards\n`)
        stale++
      }
    } else {
      await writeFile(path, json)
      process.stdout.write(`wrote ${path}\n`)
    }
  }
  return stale === 0 ? 0 : 1
}

if (import.meta.main === true) {
  main(process.argv.includes('--check')).then((code) => { process.exitCode = code }, (err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`)
    process.exitCode = 1
  })
}
