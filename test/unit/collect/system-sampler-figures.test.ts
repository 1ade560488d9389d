// The sampler's figures against the same figures read independently here.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { createSocket } from 'node:dgram'
import { readdirSync, readFileSync, statfsSync } from 'node:fs'
import { createConnection, createServer } from 'node:net'
import type { AddressInfo, Socket } from 'node:net'
import { tmpdir, totalmem } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import { diskUsagePercent } from '../../../src/collect/disk-usage.ts'
import { SystemSampler } from '../../../src/collect/system-sampler.ts'

const linux = { skip: process.platform !== 'linux' ? 'reads /proc' : false }
const MIB = 1024 * 1024

function threadsNow (): number {
  return Number(/^Threads:\s*(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1])
}

function fdsNow (): number {
  return readdirSync('/proc/self/fd').length
}

/** Asserts `value` is within [min(a, b) - slack, max(a, b) + slack]. */
function assertBetween (value: number | null, a: number, b: number, slack: number, what: string): void {
  assert.ok(value !== null, `${what} is null`)
  const lo = Math.min(a, b) - slack
  const hi = Math.max(a, b) + slack
  assert.ok(value >= lo && value <= hi, `${what} ${value} not in [${lo}, ${hi}]`)
}

test('threads, descriptors and RSS match /proc and Node', linux, () => {
  const sampler = new SystemSampler({ dataDir: tmpdir() })
  const threadsBefore = threadsNow()
  const fdsBefore = fdsNow()
  const rssBefore = process.memoryUsage.rss()
  const s = sampler.sampleNow()
  const threadsAfter = threadsNow()
  const fdsAfter = fdsNow()
  const rssAfter = process.memoryUsage.rss()
  assertBetween(s.active_threads, threadsBefore, threadsAfter, 0, 'active_threads')
  // Both listings count their own directory descriptor, so they agree exactly
  // unless something opened or closed a file in between.
  assertBetween(s.open_files, fdsBefore, fdsAfter, 1, 'open_files')
  assertBetween(s.memory_used_mb, rssBefore / MIB, rssAfter / MIB, 8, 'memory_used_mb')
  assert.ok(s.memory_used_mb !== null && s.memory_percent !== null)
  assert.ok(Math.abs(s.memory_percent - s.memory_used_mb * MIB / totalmem() * 100) < 1e-9)
  assert.ok(s.heap_used_mb !== null && s.heap_used_mb > 0 && s.heap_used_mb < s.memory_used_mb)
  const disk = diskUsagePercent(statfsSync(tmpdir()))
  assert.ok(disk !== null)
  assertBetween(s.disk_usage_percent, disk, disk, 1, 'disk_usage_percent')
  assert.ok(Math.abs(s.timestamp - Date.now()) < 5000)
})

test('cpu_percent rises when the process burns CPU', async () => {
  const sampler = new SystemSampler({ dataDir: tmpdir() })
  sampler.sampleNow()
  await sleep(300)
  const idle = sampler.sampleNow().cpu_percent
  // Burn 200 ms of CPU time (not wall time, so that a busy host cannot
  // shorten the burn), at most 3 s of wall time.
  const start = process.cpuUsage()
  const wallStart = performance.now()
  let used = 0
  while (used < 200_000 && performance.now() - wallStart < 3000) {
    const d = process.cpuUsage(start)
    used = d.user + d.system
  }
  const expected = used / ((performance.now() - wallStart) * 1000) * 100
  const busy = sampler.sampleNow().cpu_percent
  assert.ok(idle !== null && busy !== null)
  assert.ok(idle >= 0, `idle ${idle}`)
  // Relative to what the burn achieved: on a loaded host the burn gets less of a core.
  assert.ok(busy > expected / 2, `busy ${busy} % vs measured ${expected} %`)
  assert.ok(busy > idle, `busy ${busy} % vs idle ${idle} %`)
  // The sampler's interval holds the burn plus a sample's worth of work.
  assert.ok(Math.abs(busy - expected) < 25, `busy ${busy} % vs measured ${expected} %`)
})

test('the first cpu_percent covers the time since creation', () => {
  const sampler = new SystemSampler({ dataDir: tmpdir() })
  const end = performance.now() + 50
  while (performance.now() < end) { /* burn */ }
  const first = sampler.sampleNow().cpu_percent
  assert.ok(first !== null && first > 0, `first ${first}`)
})

test('network_connections counts TCP and UDP sockets opened here', linux, async (t) => {
  const sampler = new SystemSampler({ dataDir: tmpdir() })
  const server = createServer()
  const accepted: Socket[] = []
  server.on('connection', (socket) => { accepted.push(socket) })
  const udp = createSocket('udp4')
  let client: Socket | null = null
  t.after(() => {
    client?.destroy()
    for (const socket of accepted) socket.destroy()
    server.close()
    try { udp.close() } catch { /* already closed */ }
  })

  const before = sampler.sampleNow().network_connections
  assert.ok(before !== null)

  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  client = createConnection(port, '127.0.0.1')
  await Promise.all([once(client, 'connect'), once(server, 'connection')])
  // A listening socket, a client socket and the accepted one.
  assert.equal(sampler.sampleNow().network_connections, before + 3)

  udp.bind(0, '127.0.0.1')
  await once(udp, 'listening')
  assert.equal(sampler.sampleNow().network_connections, before + 4)

  client.destroy()
  for (const socket of accepted) socket.destroy()
  udp.close()
  await Promise.all([
    new Promise((resolve) => server.close(resolve)),
    once(udp, 'close')
  ])
  assert.equal(sampler.sampleNow().network_connections, before)
})

test('a running sampler does not keep the process alive', () => {
  const url = new URL('../../../src/collect/system-sampler.ts', import.meta.url).href
  const script = [
    `import { SystemSampler } from ${JSON.stringify(url)}`,
    'const sampler = new SystemSampler({ intervalMs: 10 })',
    'sampler.start()',
    'console.log(JSON.stringify({ running: sampler.running, samples: sampler.history().length }))'
  ].join('\n')
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 10_000
  })
  // A ref'd timer would keep the child until the timeout kills it (SIGTERM).
  assert.equal(child.signal, null, `killed: ${child.stderr}`)
  assert.equal(child.status, 0, child.stderr)
  assert.deepEqual(JSON.parse(child.stdout), { running: true, samples: 1 })
})
