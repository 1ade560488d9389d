import { Layout, PROMETHEUS, query, thresholds } from './grafana-model.ts'
import type { Dashboard } from './grafana-model.ts'
import { heatmap, stat, timeseries } from './panels.ts'
import { tradingRow } from './trading-row.ts'

/** `metric{instance=~"$instance",...}`: every query follows the instance variable. */
const sel = (metric: string, matchers = ''): string => `${metric}{instance=~"$instance"${matchers === '' ? '' : `,${matchers}`}}`
const BY_INSTANCE = '{{instance}}'

// Threshold levels are the alert rules' (monitoring/rules, docs/ALERTS.md).
const CPU = thresholds('green', [90, 'orange'], [95, 'red'])
const MEMORY = thresholds('green', [95, 'orange'], [98, 'red'])
const CYCLE = thresholds('green', [0.25, 'orange'], [1, 'red'])
const ORDER = thresholds('green', [0.5, 'orange'], [2, 'red'])
const SCAN = thresholds('green', [5, 'orange'], [15, 'red'])

/**
 * Deployment markers: a restart of the service is where a new release
 * starts, and `process_start_time_seconds` (one of the service's process families)
 * changes exactly then. No deploy tool has to write anything.
 */
const DEPLOYMENTS = {
  name: 'Deployments',
  datasource: PROMETHEUS,
  enable: true,
  hide: false,
  iconColor: 'blue',
  expr: 'changes(process_start_time_seconds{job=~"breakout-bot.*",instance=~"$instance"}[2m]) > 0',
  step: '1m',
  titleFormat: 'Restart (deployment)',
  textFormat: '{{instance}} started',
  tagKeys: 'instance',
  useValueForTime: false
}

/** The fleet overview: rows System, Trading, Latency, as the spec's Grafana guidance asks. */
export function overviewDashboard (): Dashboard {
  const l = new Layout()

  l.row('System')
  l.add(4, 4, stat('CPU', 'Process CPU, percent of one core.', 'percent', CPU), [query(sel('breakout_system_cpu_percent'), BY_INSTANCE)])
  l.add(4, 4, stat('Memory', 'Resident set, percent of host memory.', 'percent', MEMORY), [query(sel('breakout_system_memory_percent'), BY_INSTANCE)])
  l.add(4, 4, stat('Disk', 'Filesystem of the data directory, percent used.', 'percent', thresholds('green', [80, 'orange'], [90, 'red'])),
    [query(sel('breakout_system_disk_usage_percent'), BY_INSTANCE)])
  l.add(4, 4, stat('Event-loop lag p99', 'Delay of the event loop, 99th percentile.', 's', thresholds('green', [0.05, 'orange'], [0.2, 'red'])),
    [query(sel('nodejs_eventloop_lag_p99_seconds'), BY_INSTANCE)])
  l.add(4, 4, stat('Open files', 'Open file descriptors (the usual soft limit is 1024).', 'short', thresholds('green', [800, 'orange'], [1000, 'red'])),
    [query(sel('breakout_system_open_files'), BY_INSTANCE)])
  l.add(4, 4, stat('Uptime', 'Time since the process started; orange for 5 minutes after a restart.', 's', thresholds('orange', [300, 'green'])),
    [query(`time() - ${sel('process_start_time_seconds')}`, BY_INSTANCE)])
  l.add(12, 8, timeseries('CPU and memory', 'Process CPU (percent of one core) and resident memory (percent of host).', 'percent', CPU), [
    query(sel('breakout_system_cpu_percent'), `CPU ${BY_INSTANCE}`),
    query(sel('breakout_system_memory_percent'), `memory ${BY_INSTANCE}`)
  ])
  l.add(12, 8, timeseries('Process memory', 'Resident set and V8 heap in use.', 'bytes'), [
    query(sel('process_resident_memory_bytes'), `resident ${BY_INSTANCE}`),
    query(sel('nodejs_heap_size_used_bytes'), `heap ${BY_INSTANCE}`)
  ])

  tradingRow(l, sel)

  l.row('Latency')
  l.add(4, 4, stat('Engine cycle p99', 'Last minute; budget 250 ms.', 's', CYCLE),
    [query(sel('instance:breakout_engine_cycle_seconds:p99_1m'), BY_INSTANCE)])
  l.add(4, 4, stat('Order latency p99', 'Signal to order confirmation, last 5 minutes; budget 500 ms.', 's', ORDER),
    [query(sel('instance:breakout_latency_seconds:p99_5m', 'component="order_execution"'), BY_INSTANCE)])
  l.add(4, 4, stat('Scan time p99', 'Last 5 minutes; budget 5 s.', 's', SCAN),
    [query(sel('instance:breakout_scanner_scan_seconds:p99_5m'), BY_INSTANCE)])
  l.add(4, 4, stat('Symbols scanned / min', 'Scanner throughput, last 5 minutes.', 'short', thresholds('blue')),
    [query(sel('instance:breakout_scanner_symbols_scanned:per_minute_5m'), BY_INSTANCE)])
  l.add(4, 4, stat('Engine cycles / s', 'Cycle rate, last minute.', 'short', thresholds('red', [0.01, 'green'])),
    [query(sel('instance:breakout_engine_cycles:rate1m'), BY_INSTANCE)])
  l.add(4, 4, stat('Market data p99', 'Receipt to processing, last 5 minutes.', 's', thresholds('green', [0.1, 'orange'], [0.5, 'red'])),
    [query(sel('instance:breakout_latency_seconds:p99_5m', 'component="market_data"'), BY_INSTANCE)])
  l.add(12, 8, heatmap('Engine cycle time', 'Cycles per time bucket, all states (histogram breakout_engine_cycle_seconds).', 's'), [
    query(`sum by (le) (increase(${sel('breakout_engine_cycle_seconds_bucket')}[$__rate_interval]))`, '{{le}}', { format: 'heatmap' })
  ])
  l.add(12, 8, timeseries('Engine cycle p50 / p99', '50th and 99th percentile over the last minute.', 's', CYCLE), [
    query(sel('instance:breakout_engine_cycle_seconds:p50_1m'), `p50 ${BY_INSTANCE}`),
    query(sel('instance:breakout_engine_cycle_seconds:p99_1m'), `p99 ${BY_INSTANCE}`)
  ])
  l.add(12, 8, timeseries('Order latency', 'Signal to order confirmation: 50th and 99th percentile over 5 minutes.', 's', ORDER), [
    query(sel('instance:breakout_latency_seconds:p50_5m', 'component="order_execution"'), `p50 ${BY_INSTANCE}`),
    query(sel('instance:breakout_latency_seconds:p99_5m', 'component="order_execution"'), `p99 ${BY_INSTANCE}`)
  ])
  l.add(12, 8, timeseries('Market data latency', 'Receipt to processing: 50th and 99th percentile over 5 minutes.', 's'), [
    query(sel('instance:breakout_latency_seconds:p50_5m', 'component="market_data"'), `p50 ${BY_INSTANCE}`),
    query(sel('instance:breakout_latency_seconds:p99_5m', 'component="market_data"'), `p99 ${BY_INSTANCE}`)
  ])
  l.add(12, 8, timeseries('Scanner symbols per minute', 'Symbols scanned and candidates found per minute.', 'short'), [
    query(sel('instance:breakout_scanner_symbols_scanned:per_minute_5m'), `scanned ${BY_INSTANCE}`),
    query(`sum by (instance) (rate(${sel('breakout_scanner_candidates_found_total')}[5m])) * 60`, `candidates ${BY_INSTANCE}`)
  ])
  l.add(12, 8, timeseries('Scan time', '50th and 99th percentile over 5 minutes.', 's', SCAN), [
    query(sel('instance:breakout_scanner_scan_seconds:p50_5m'), `p50 ${BY_INSTANCE}`),
    query(sel('instance:breakout_scanner_scan_seconds:p99_5m'), `p99 ${BY_INSTANCE}`)
  ])

  return {
    uid: 'breakout-overview',
    title: 'Breakout overview',
    description: 'A fleet of breakout bots: system, trading, latency. Generated by scripts/build-dashboards.ts; edit that, not this JSON.',
    tags: ['breakout'],
    timezone: 'browser',
    editable: true,
    graphTooltip: 1,
    schemaVersion: 39,
    version: 1,
    refresh: '10s',
    time: { from: 'now-1h', to: 'now' },
    templating: {
      list: [{
        name: 'instance',
        label: 'Instance',
        type: 'query',
        datasource: PROMETHEUS,
        definition: 'label_values(up{job=~"breakout-bot.*"}, instance)',
        query: { query: 'label_values(up{job=~"breakout-bot.*"}, instance)', refId: 'InstanceVariable' },
        refresh: 2,
        includeAll: true,
        allValue: '.*',
        multi: true,
        current: { selected: true, text: ['All'], value: ['$__all'] },
        sort: 1
      }]
    },
    annotations: {
      list: [
        {
          builtIn: 1,
          datasource: { type: 'grafana', uid: '-- Grafana --' },
          enable: true,
          hide: true,
          iconColor: 'rgba(0, 211, 255, 1)',
          name: 'Annotations & Alerts',
          type: 'dashboard'
        },
        DEPLOYMENTS
      ]
    },
    links: [],
    panels: l.panels
  }
}
