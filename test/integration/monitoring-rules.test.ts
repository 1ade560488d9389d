import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse } from 'yaml'
import { runTool, tempDir } from './helpers/index.ts'
import { MONITORING_DIR, loadRuleFiles, stageMonitoring } from './helpers/monitoring-files.ts'

const RULES_DIR = join(MONITORING_DIR, 'rules')
const TESTS_DIR = join(RULES_DIR, 'tests')

async function ruleFilePaths (): Promise<string[]> {
  return (await readdir(RULES_DIR)).filter((f) => f.endsWith('.yml')).sort().map((f) => join(RULES_DIR, f))
}

test('promtool check config accepts prometheus.yml with its rule files', async () => {
  const dir = await tempDir('promtool-config')
  try {
    const config = await stageMonitoring(dir.path)
    const result = await runTool('promtool', ['check', 'config', config])
    assert.equal(result.code, 0, result.stdout + result.stderr)
    const ruleFiles = (await ruleFilePaths()).length
    assert.match(result.stdout, new RegExp(`${ruleFiles} rule files found`), result.stdout)
    assert.doesNotMatch(result.stdout + result.stderr, /FAILED/)
  } finally {
    await dir.remove()
  }
})

test('promtool check config fails when the credentials file is missing', async () => {
  // The config names a credentials file; a stack started without one should
  // be told at check time, not at the first scrape.
  const result = await runTool('promtool', ['check', 'config', join(MONITORING_DIR, 'prometheus.yml')])
  assert.notEqual(result.code, 0)
  assert.match(result.stdout + result.stderr, /metrics-read-key/)
})

test('promtool check rules accepts every rule file', async () => {
  const files = await ruleFilePaths()
  assert.ok(files.length >= 2)
  const result = await runTool('promtool', ['check', 'rules', ...files])
  assert.equal(result.code, 0, result.stdout + result.stderr)
  assert.equal([...result.stdout.matchAll(/SUCCESS/g)].length, files.length, result.stdout)
})

test('promtool test rules passes the unit tests of the rules', async () => {
  const files = (await readdir(TESTS_DIR)).filter((f) => f.endsWith('.test.yml')).sort()
  assert.ok(files.length >= 4)
  const result = await runTool('promtool', ['test', 'rules', ...files], { cwd: TESTS_DIR })
  assert.equal(result.code, 0, result.stdout + result.stderr)
  assert.equal([...result.stdout.matchAll(/SUCCESS/g)].length, files.length, result.stdout)
})

interface UnitTestFile {
  tests: Array<{ alert_rule_test?: Array<{ alertname: string, exp_alerts?: Array<{ exp_labels?: Record<string, string> }> }> }>
}

test('every alert, at each of its severities, has a unit test in which it fires', async () => {
  const fired = new Set<string>()
  for (const file of await readdir(TESTS_DIR)) {
    const doc = parse(await readFile(join(TESTS_DIR, file), 'utf8')) as UnitTestFile
    for (const t of doc.tests) {
      for (const a of t.alert_rule_test ?? []) {
        for (const e of a.exp_alerts ?? []) fired.add(`${a.alertname}/${e.exp_labels?.severity ?? ''}`)
      }
    }
  }
  const alerts = (await loadRuleFiles()).flatMap((f) => f.rules).filter((r) => r.alert !== undefined)
  assert.ok(alerts.length >= 20)
  const untested = alerts.map((r) => `${r.alert}/${r.labels?.severity ?? ''}`).filter((key) => !fired.has(key))
  assert.deepEqual(untested, [])
})

test('every alert has a severity, summary, description and a runbook section', async () => {
  const doc = await readFile(join(MONITORING_DIR, '..', 'docs', 'ALERTS.md'), 'utf8')
  const anchors = new Set([...doc.matchAll(/^### (\S+)$/gm)].map((m) => `docs/ALERTS.md#${m[1].toLowerCase()}`))
  const problems: string[] = []
  const severities = new Set<string>()
  for (const { file, rules } of await loadRuleFiles()) {
    for (const rule of rules) {
      if (rule.alert === undefined) continue
      const where = `${file}: ${rule.alert}`
      const severity = rule.labels?.severity ?? ''
      severities.add(severity)
      if (severity !== 'warning' && severity !== 'critical') problems.push(`${where}: severity ${severity}`)
      for (const key of ['summary', 'description', 'runbook']) {
        if ((rule.annotations?.[key] ?? '').trim() === '') problems.push(`${where}: no ${key}`)
      }
      const runbook = rule.annotations?.runbook ?? ''
      if (!anchors.has(runbook)) problems.push(`${where}: runbook ${runbook} has no section in docs/ALERTS.md`)
    }
  }
  assert.deepEqual(problems, [])
  assert.deepEqual([...severities].sort(), ['critical', 'warning'])
})

test('recording rule names follow level:metric:operations', async () => {
  const records = (await loadRuleFiles()).flatMap((f) => f.rules).flatMap((r) => r.record ?? [])
  assert.ok(records.length >= 8)
  for (const name of records) assert.match(name, /^instance:breakout_[a-z_]+:[a-z0-9_]+$/)
})
