import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parse } from 'yaml'
import { MONITORING_DIR } from './helpers/monitoring-files.ts'

// Docker is not available here, so compose.yaml cannot be started in a
// test; these checks keep it consistent with the files it wires together.

interface Service {
  image: string
  hostname?: string
  volumes?: string[]
  ports?: string[]
  environment?: Record<string, string>
  command?: string[]
}
const compose = parse(readFileSync(join(MONITORING_DIR, 'compose.yaml'), 'utf8')) as { services: Record<string, Service> }
const prometheus = readFileSync(join(MONITORING_DIR, 'prometheus.yml'), 'utf8')

test('every bind mount of compose.yaml exists in the repository', () => {
  for (const [name, service] of Object.entries(compose.services)) {
    for (const volume of service.volumes ?? []) {
      const [source] = volume.split(':')
      if (!source.startsWith('.')) continue // a named volume
      assert.ok(existsSync(resolve(MONITORING_DIR, source)), `${name}: ${source}`)
    }
  }
})

test('the hosts the configs name are compose services on the right ports', () => {
  const names = new Set(Object.keys(compose.services))
  assert.match(prometheus, /targets: \['breakout-bot-api:8000'\]/)
  assert.match(prometheus, /targets: \['alertmanager:9093'\]/)
  assert.ok(names.has('breakout-bot-api') && names.has('alertmanager') && names.has('prometheus') && names.has('grafana'))
  assert.equal(compose.services['breakout-bot-api'].environment?.PORT, '8000')
  const datasource = readFileSync(join(MONITORING_DIR, 'grafana/provisioning/datasources/prometheus.yml'), 'utf8')
  assert.match(datasource, /url: http:\/\/prometheus:9090/)
  assert.match(readFileSync(join(MONITORING_DIR, 'alertmanager.yml'), 'utf8'), /http:\/\/alert-webhook:9095\//)
  assert.match(compose.services['alert-webhook'].command?.join(' ') ?? '', /listen\(9095\)/)
})

test('the service alerts to the compose Alertmanager as the bot Prometheus scrapes', () => {
  const bot = compose.services['breakout-bot-api']
  // The service's default instance label is <host name>:<PORT>; Prometheus' is the target.
  assert.match(prometheus, new RegExp(`targets: \\['${bot.hostname ?? ''}:${bot.environment?.PORT ?? ''}'\\]`))
  // Compose's ${VAR-default}: the default unless the variable is set (even to empty).
  assert.match(bot.environment?.ALERTMANAGER_URL ?? '', /^\$\{ALERTMANAGER_URL-http:\/\/alertmanager:9093\}$/)
})

test('Prometheus gets its rules and credentials file where prometheus.yml expects them', () => {
  const p = compose.services.prometheus
  assert.ok(p.volumes?.includes('./prometheus.yml:/etc/prometheus/prometheus.yml:ro'))
  assert.ok(p.volumes?.includes('./rules:/etc/prometheus/rules:ro'))
  assert.match(prometheus, /credentials_file: secrets\/metrics-read-key/)
  assert.match(p.command?.join(' ') ?? '', /> \/etc\/prometheus\/secrets\/metrics-read-key/)
})

test('Grafana loads the generated dashboards from the provisioned path', () => {
  const provider = readFileSync(join(MONITORING_DIR, 'grafana/provisioning/dashboards/breakout.yml'), 'utf8')
  const path = /path: (\S+)/.exec(provider)?.[1]
  assert.ok(compose.services.grafana.volumes?.includes(`./grafana/dashboards:${path}:ro`))
})

test('published ports bind to loopback only', () => {
  for (const [name, service] of Object.entries(compose.services)) {
    for (const port of service.ports ?? []) assert.match(port, /^127\.0\.0\.1:/, name)
  }
})
