/** A batch of `pairs` round trips (opened then closed, with trade ids `${prefix}-${i}`): 2 x pairs trade events. */
export function tradePairs (prefix: string, pairs: number): string {
  const items: unknown[] = []
  for (let i = 0; i < pairs; i++) {
    const id = `${prefix}-${i}`
    items.push({ type: 'trade', event: 'opened', trade_id: id, symbol: 'BTCUSDT', side: 'long', quantity: 1, price: 100 })
    items.push({ type: 'trade', event: 'closed', trade_id: id, symbol: 'BTCUSDT', side: 'long', quantity: 1, price: 101, fees: 0.01 })
  }
  return JSON.stringify(items)
}

/** POSTs a batch of events; the status and parsed body. */
export async function postEvents (url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number, body: any }> {
  const res = await fetch(`${url}/api/metrics/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, signal: AbortSignal.timeout(30_000) })
  const text = await res.text()
  return { status: res.status, body: text === '' ? null : JSON.parse(text) }
}

/** Closed trades the service reports (GET /trading). */
export async function closedTrades (url: string, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(`${url}/api/metrics/trading`, { headers, signal: AbortSignal.timeout(10_000) })
  if (!res.ok) throw new Error(`GET /trading: ${res.status} ${await res.text()}`)
  const body = await res.json() as { closed_trades?: number, stats?: { closed_trades?: number } }
  return body.closed_trades ?? body.stats?.closed_trades ?? NaN
}
