import { test } from 'node:test'
import assert from 'node:assert/strict'
import { closingPnl, grossPnl, priceAtMove, tradeFee } from '../../../src/demo/pnl.ts'
import { exitAction, PaperBook } from '../../../src/demo/paper-book.ts'
import type { Position } from '../../../src/demo/paper-book.ts'

const FEE = 0.0004
const close = (a: number, b: number, eps = 1e-9): void => assert.ok(Math.abs(a - b) <= eps * Math.max(1, Math.abs(b)), `${a} != ${b}`)

// Hand-computed: pnl = side * (exit - entry) * q - q * entry * fee - q * exit * fee.
test('a winning long pays both fees out of its price move', () => {
  // 0.5 * 1000 = 500; entry fee 0.5 * 60000 * 0.0004 = 12; exit fee 0.5 * 61000 * 0.0004 = 12.2.
  const r = closingPnl('long', 60000, 61000, 0.5, FEE)
  close(r.pnl, 475.8)
  close(r.fees, 12.2)
  close(grossPnl('long', 60000, 61000, 0.5), 500)
  close(tradeFee(0.5, 60000, FEE), 12)
})

test('a winning short gains when the price falls', () => {
  // 100 * 0.1 = 10; fees 100 * 2.5 * 0.0004 = 0.1 and 100 * 2.4 * 0.0004 = 0.096.
  const r = closingPnl('short', 2.5, 2.4, 100, FEE)
  close(r.pnl, 9.804)
  close(r.fees, 0.096)
})

test('a losing short adds the fees to the loss', () => {
  // -(3030 - 3000) * 2 = -60; fees 2 * 3000 * 0.0004 = 2.4 and 2 * 3030 * 0.0004 = 2.424.
  const r = closingPnl('short', 3000, 3030, 2, FEE)
  close(r.pnl, -64.824)
  close(r.fees, 2.424)
})

test('a flat round trip loses exactly the two fees', () => {
  close(closingPnl('long', 100, 100, 3, FEE).pnl, -0.24)
  close(closingPnl('short', 100, 100, 3, FEE).pnl, -0.24)
})

test('priceAtMove puts profit above a long and below a short', () => {
  close(priceAtMove('long', 200, 0.01), 202)
  close(priceAtMove('short', 200, 0.01), 198)
  close(priceAtMove('long', 200, -0.01), 198)
})

const plan = {
  id: 't1',
  symbol: 'BTCUSDT',
  side: 'long' as const,
  quantity: 0.5,
  entryPrice: 60000,
  stopPrice: 59000,
  takeProfitPrice: 62000,
  partialPrice: 61000,
  exitByMs: 100_000
}

test('the book: entry fee leaves at open, a partial and a final close realize net P&L', () => {
  const book = new PaperBook(10_000, FEE)
  close(book.openPosition(plan, 0), 12)
  close(book.balance, 9988)
  // Marked at 60500: equity 9988 + 0.5 * 500; exposure 0.5 * 60500.
  const v = book.value(() => 60500)
  close(v.equity, 10238)
  close(v.exposure, 30250)
  close(v.largestPosition, 30250)

  // Reduce 0.2 at 61000: 200 - 0.2 * 60000 * 0.0004 - 0.2 * 61000 * 0.0004 = 190.32.
  const part = book.closePart('t1', 0.2, 61000, 1000)
  close(part.pnl, 190.32)
  close(part.fees, 4.88)
  assert.equal(part.closed, false)
  close(book.balance, 10183.12)
  close(book.open[0].remaining, 0.3)
  assert.equal(book.open[0].reduced, true)

  // Close the rest, 0.3 at 59000: -300 - 7.2 - 7.08 = -314.28.
  const rest = book.closePart('t1', Infinity, 59000, 2000)
  close(rest.pnl, -314.28)
  close(rest.quantity, 0.3)
  assert.equal(rest.closed, true)
  assert.equal(book.openCount, 0)
  close(book.balance, 9876.04)
  // Net realized P&L is what the balance lost: fees are counted once.
  close(book.realizedPnl, -123.96)
  close(book.realizedPnl, book.balance - 10_000)
})

test('daily P&L counts closes since 00:00 UTC and restarts the next day', () => {
  const book = new PaperBook(10_000, FEE)
  const day = Date.UTC(2026, 0, 5)
  book.openPosition(plan, day + 1000)
  book.closePart('t1', 0.2, 61000, day + 86_399_000)
  close(book.dailyPnl(day + 86_399_999), 190.32)
  assert.equal(book.dailyPnl(day + 86_400_000), 0)
  book.closePart('t1', 0.3, 59000, day + 86_401_000)
  close(book.dailyPnl(day + 86_402_000), -314.28)
  close(book.realizedPnl, -123.96)
})

test('exit rules: stop first, then take profit, time exit, one partial', () => {
  const p: Position = { ...plan, openedAtMs: 0, remaining: 0.5, reduced: false }
  assert.equal(exitAction(p, 60500, 1000), null)
  assert.deepEqual(exitAction(p, 59000, 1000), { kind: 'close', reason: 'stop_loss' })
  assert.deepEqual(exitAction(p, 58000, 200_000), { kind: 'close', reason: 'stop_loss' })
  assert.deepEqual(exitAction(p, 62500, 200_000), { kind: 'close', reason: 'take_profit' })
  assert.deepEqual(exitAction(p, 60500, 100_000), { kind: 'close', reason: 'time_exit' })
  assert.deepEqual(exitAction(p, 61200, 1000), { kind: 'reduce', reason: 'partial_take_profit' })
  assert.equal(exitAction({ ...p, reduced: true }, 61200, 1000), null)
  const short: Position = { ...p, side: 'short', stopPrice: 61000, takeProfitPrice: 58000, partialPrice: 59000 }
  assert.deepEqual(exitAction(short, 61000, 1000), { kind: 'close', reason: 'stop_loss' })
  assert.deepEqual(exitAction(short, 57900, 1000), { kind: 'close', reason: 'take_profit' })
  assert.deepEqual(exitAction(short, 58900, 1000), { kind: 'reduce', reason: 'partial_take_profit' })
  assert.equal(exitAction(short, 60000, 1000), null)
})
