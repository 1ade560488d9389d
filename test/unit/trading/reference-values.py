"""Reference values for trading-statistics.test.ts, computed independently of
the TypeScript code: plain Python for the trade records, numpy for the means,
medians and standard deviations. Run: python3 reference-values.py
The numbers it prints are hard-coded in the tests; the test suite does not
run this script."""
import numpy as np

H = 3_600_000
D = 24 * H
T0 = 1704067200000  # 2024-01-01T00:00:00Z
NOW = T0 + 4 * D + 12 * H
BALANCE = 10_000.0
A = 365

# The fixture's records, worked by hand from fixture.ts (see the comments):
# (symbol, side, pnl, opened_at, closed_at)
records = [
    # BTC long 1 @100, fee 1; reduce 0.4 @110 fee 0.5: 10*0.4 - 1*0.4 - 0.5
    ("BTCUSDT", "long", (110 - 100) * 0.4 - 1 * 0.4 - 0.5, T0 + 1 * H, T0 + 3 * H),
    # rest 0.6 @95 fee 0.5, remaining entry fee 0.6
    ("BTCUSDT", "long", (95 - 100) * 0.6 - 0.6 - 0.5, T0 + 1 * H, T0 + 5 * H),
    # ETH short 2 @50 fee 0.2, closed @45 fee 0.2
    ("ETHUSDT", "short", (50 - 45) * 2 - 0.2 - 0.2, T0 + 6 * H, T0 + D + 2 * H),
    # SOL long 10 @20 closed @20, no fees
    ("SOLUSDT", "long", 0.0, T0 + D + 3 * H, T0 + D + 4 * H),
    # BTC long 2 @100 + 2 @110, closed with reported pnl -21
    ("BTCUSDT", "long", -21.0, T0 + 2 * D + 1 * H, T0 + 2 * D + 5 * H),
    # ETH short 1 @60, reduce 0.5 @50
    ("ETHUSDT", "short", (60 - 50) * 0.5, T0 + 3 * D + 1 * H, T0 + 3 * D + 2 * H),
    # SOL long 5 @10 -> @12 fee 0.1
    ("SOLUSDT", "long", (12 - 10) * 5 - 0.1, T0 + 4 * D, T0 + 4 * D + 6 * H),
]
FIRST_EVENT = T0 + 1 * H


def stats(recs, since, until, balance=BALANCE, account=records, first=FIRST_EVENT):
    sel = [r for r in recs if since <= r[4] <= until]
    pnl = np.array([r[2] for r in sel])
    tol = 1e-9
    wins = pnl[pnl > tol]
    losses = pnl[pnl < -tol]
    out = {"n": len(sel), "wins": len(wins), "losses": len(losses),
           "break_even": int(np.sum(np.abs(pnl) <= tol)), "total": pnl.sum()}
    if len(sel):
        out["win_rate"] = len(wins) / len(sel)
        out["avg_pnl"] = pnl.mean()
        out["expectancy"] = (wins.sum() + losses.sum()) / len(sel)
    out["gross_profit"], out["gross_loss"] = wins.sum(), losses.sum()
    if len(wins):
        out["avg_win"], out["largest_win"] = wins.mean(), wins.max()
    if len(losses):
        out["avg_loss"], out["largest_loss"] = losses.mean(), losses.min()
        out["profit_factor"] = wins.sum() / -losses.sum()
    if len(wins) and len(losses):
        out["payoff"] = wins.mean() / -losses.mean()
    cum = np.concatenate([[0.0], np.cumsum(pnl)])
    peak = np.maximum.accumulate(cum)
    out["max_dd"] = (peak - cum).max()
    base = balance + sum(r[2] for r in account if r[4] < since)
    out["max_dd_pct"] = ((peak - cum) / (base + peak)).max() * 100
    hold = np.array([(r[4] - r[3]) / 1000 for r in sel])
    if len(sel):
        out["hold"] = (hold.mean(), np.median(hold), hold.max())
    obs_start = max(since, first)
    out["per_hour"] = len(sel) / ((until - obs_start) / H)
    first_day, last_day = obs_start // D, until // D
    rets = []
    for d in range(first_day, last_day + 1):
        eq = balance + sum(r[2] for r in account if r[4] < d * D)
        day_pnl = sum(r[2] for r in sel if d * D <= r[4] < (d + 1) * D)
        rets.append(day_pnl / eq)
    r = np.array(rets)
    out["days"] = len(r)
    if len(r) >= 2:
        out["sharpe"] = r.mean() / r.std(ddof=1) * np.sqrt(A)
        dd = np.sqrt(np.sum(np.minimum(r, 0) ** 2) / len(r))
        out["sortino"] = r.mean() / dd * np.sqrt(A) if dd > 0 else None
        out["calmar"] = r.mean() * A / (out["max_dd_pct"] / 100)
    return out


def show(title, d):
    print(title)
    for k, v in d.items():
        print(f"  {k}: {v!r}")


show("all", stats(records, 0, NOW))
show("24h", stats(records, NOW - 24 * H, NOW))
show("BTCUSDT", stats([r for r in records if r[0] == "BTCUSDT"], 0, NOW))
show("short", stats([r for r in records if r[1] == "short"], 0, NOW))
for sym in ["BTCUSDT", "ETHUSDT", "SOLUSDT"]:
    print(sym, "total", sum(r[2] for r in records if r[0] == sym))

# Daily breakdown, 5 days up to NOW.
for d in range(T0 // D, T0 // D + 5):
    eq = BALANCE + sum(r[2] for r in records if r[4] < d * D)
    p = sum(r[2] for r in records if d * D <= r[4] < (d + 1) * D)
    n = sum(1 for r in records if d * D <= r[4] < (d + 1) * D)
    print("day", d * D, "pnl", p, "n", n, "equity", eq, "rel", p / eq)
