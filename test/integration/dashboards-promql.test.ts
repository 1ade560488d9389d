import { test } from 'node:test'
import assert from 'node:assert/strict'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { stringify } from 'yaml'
import { renderDashboards } from '../../scripts/build-dashboards.ts'
import { concreteExpr, dashboardExpressions } from '../../scripts/dashboards/expressions.ts'
import { runTool, tempDir } from './helpers/index.ts'

// promtool parses every expression of a rule file: each dashboard query,
// with Grafana's variables filled in, becomes a recording rule to check.
test('every dashboard expression is valid PromQL (promtool parses it)', async () => {
  const dir = await tempDir('dashboard-promql')
  try {
    for (const { dashboard } of renderDashboards()) {
      const expressions = dashboardExpressions(dashboard)
      assert.ok(expressions.length >= (dashboard.uid === 'breakout-overview' ? 30 : 10))
      const rules = expressions.map((e, i) => ({ record: `dashboard_expr_${i}`, expr: concreteExpr(e.expr) }))
      const file = join(dir.path, `${dashboard.uid}.yml`)
      await writeFile(file, stringify({ groups: [{ name: dashboard.uid, rules }] }))
      const result = await runTool('promtool', ['check', 'rules', file])
      assert.equal(result.code, 0, result.stdout + result.stderr)
      assert.match(result.stdout, new RegExp(`SUCCESS: ${rules.length} rules found`))
    }
  } finally {
    await dir.remove()
  }
})
