import type { PositionSide } from './trade-records.ts'

const ANY = '\u0001'

/** The key of a filter (symbol and side, null: any). */
export function filterKey (symbol: string | null, side: PositionSide | null): string {
  return (symbol ?? ANY) + '\u0000' + (side ?? ANY)
}

/**
 * One item per filter `/trading` takes (any, a symbol, a side, both), and
 * the four a record of a symbol and side goes to, found once per symbol
 * and side: a record's add is then four array reads, no key built.
 */
export class FilterTargets<T> {
  /** The items by filter key; `make` fills it as filters appear. */
  readonly byKey = new Map<string, T>()
  private readonly bySymbol = new Map<string, Array<readonly T[] | undefined>>()
  private readonly make: (key: string) => T

  constructor (make: (key: string) => T) {
    this.make = make
  }

  /** The items of any, `symbol`, `side`, and both, in that order. */
  of (symbol: string, side: PositionSide): readonly T[] {
    let sides = this.bySymbol.get(symbol)
    if (sides === undefined) {
      sides = [undefined, undefined]
      this.bySymbol.set(symbol, sides)
    }
    const s = side === 'long' ? 0 : 1
    let targets = sides[s]
    if (targets === undefined) {
      targets = [filterKey(null, null), filterKey(symbol, null), filterKey(null, side), filterKey(symbol, side)].map((k) => this.item(k))
      sides[s] = targets
    }
    return targets
  }

  /** The item of a filter; undefined when no record of it was added. */
  get (symbol: string | null, side: PositionSide | null): T | undefined {
    return this.byKey.get(filterKey(symbol, side))
  }

  clear (): void {
    this.byKey.clear()
    this.bySymbol.clear()
  }

  private item (key: string): T {
    let item = this.byKey.get(key)
    if (item === undefined) {
      item = this.make(key)
      this.byKey.set(key, item)
    }
    return item
  }
}
