import { thresholds } from './grafana-model.ts'
import type { Panel } from './grafana-model.ts'

type PanelBody = Omit<Panel, 'id' | 'gridPos'>
type Thresholds = ReturnType<typeof thresholds>

/** A single stat, coloured by thresholds (the alert rules' warning and critical levels). */
export function stat (title: string, description: string, unit: string, steps: Thresholds, extra: Record<string, unknown> = {}): PanelBody {
  return {
    type: 'stat',
    title,
    description,
    fieldConfig: { defaults: { unit, decimals: 2, color: { mode: 'thresholds' }, thresholds: steps, ...extra }, overrides: [] },
    options: {
      reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
      colorMode: 'background',
      graphMode: 'area',
      textMode: 'value_and_name',
      justifyMode: 'auto',
      orientation: 'auto'
    }
  }
}

/** Lines over time; `steps` draws the thresholds as dashed lines. */
export function timeseries (title: string, description: string, unit: string, steps?: Thresholds, extra: Record<string, unknown> = {}): PanelBody {
  return {
    type: 'timeseries',
    title,
    description,
    fieldConfig: {
      defaults: {
        unit,
        color: { mode: 'palette-classic' },
        custom: {
          drawStyle: 'line',
          lineWidth: 1,
          fillOpacity: 10,
          showPoints: 'never',
          spanNulls: false,
          thresholdsStyle: { mode: steps === undefined ? 'off' : 'dashed' }
        },
        thresholds: steps ?? thresholds('green'),
        ...extra
      },
      overrides: []
    },
    options: {
      legend: { displayMode: 'list', placement: 'bottom', showLegend: true },
      tooltip: { mode: 'multi', sort: 'desc' }
    }
  }
}

/** A heatmap of pre-bucketed histogram data (format `heatmap`, one series per `le`). */
export function heatmap (title: string, description: string, unit: string): PanelBody {
  return {
    type: 'heatmap',
    title,
    description,
    fieldConfig: { defaults: { custom: { scaleDistribution: { type: 'linear' } } }, overrides: [] },
    options: {
      calculate: false,
      cellGap: 1,
      color: { mode: 'scheme', scheme: 'Oranges', fill: 'dark-orange', scale: 'exponential', exponent: 0.5, steps: 64, reverse: false },
      yAxis: { axisPlacement: 'left', unit, reverse: false },
      rowsFrame: { layout: 'auto' },
      tooltip: { mode: 'single', yHistogram: true, showColorScale: false },
      legend: { show: true },
      exemplars: { color: 'rgba(255,0,255,0.7)' },
      filterValues: { le: 1e-9 }
    }
  }
}

/**
 * Bars per category from instant table queries joined on `field`; `names`
 * renames the value columns (`Value #A`, `Value #B`, ...) in query order.
 */
export function barchart (title: string, description: string, field: string, names: string[]): PanelBody {
  const renameByName: Record<string, string> = {}
  names.forEach((name, i) => { renameByName[`Value #${'ABCDEFGHIJ'[i]}`] = name })
  return {
    type: 'barchart',
    title,
    description,
    fieldConfig: { defaults: { color: { mode: 'palette-classic' }, custom: { fillOpacity: 80, lineWidth: 1 } }, overrides: [] },
    options: {
      xField: field,
      orientation: 'horizontal',
      groupWidth: 0.7,
      barWidth: 0.9,
      showValue: 'auto',
      stacking: 'none',
      legend: { displayMode: 'list', placement: 'bottom', showLegend: true },
      tooltip: { mode: 'multi', sort: 'none' }
    },
    transformations: [
      { id: 'merge', options: {} },
      { id: 'organize', options: { excludeByName: { Time: true }, renameByName } }
    ]
  }
}
