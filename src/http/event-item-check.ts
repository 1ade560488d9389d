import { Compile } from 'typebox/compile'
import type { TSchema } from 'typebox'
import { InvalidArgumentError } from '../core/errors.ts'
import { descriptionOf, EVENT_ITEM_SCHEMAS, EVENT_ITEM_TYPES } from './event-schemas.ts'

interface ItemCheck {
  check: (value: unknown) => boolean
  errors: (value: unknown) => ReadonlyArray<{ keyword: string, schemaPath: string, instancePath: string, params: Record<string, unknown> }>
  properties: Readonly<Record<string, TSchema>>
}

// Compiled once: a check per item is a generated function, not a schema walk.
const CHECKS: ReadonlyMap<string, ItemCheck> = new Map(Object.entries(EVENT_ITEM_SCHEMAS).map(([type, schema]) => {
  const compiled = Compile(schema)
  return [type, {
    check: (value) => compiled.Check(value),
    errors: (value) => compiled.Errors(value),
    properties: (schema as unknown as { properties: Record<string, TSchema> }).properties
  }]
}))

function shown (v: unknown): string {
  if (typeof v === 'number') return String(v)
  return typeof v === 'string' ? JSON.stringify(v.slice(0, 64)) : JSON.stringify(v) ?? String(v)
}

/**
 * Checks an item of `POST /events` against the schema of its `type`
 * (EVENT_ITEM_SCHEMAS); throws InvalidArgumentError naming the first bad
 * field (an unknown type, a missing or unknown field, a wrong JSON type or
 * a value out of the schema's bounds), so that each item is answered on its
 * own. Returns the item's type.
 */
export function checkEventItem (item: Record<string, unknown>): string {
  const type = item.type
  const check = typeof type === 'string' ? CHECKS.get(type) : undefined
  if (check === undefined) throw new InvalidArgumentError('type', `must be one of ${EVENT_ITEM_TYPES.join(', ')}`)
  if (check.check(item)) return type as string
  const error = check.errors(item)[0]
  if (error.keyword === 'required') {
    throw new InvalidArgumentError(String((error.params.requiredProperties as string[] | undefined)?.[0] ?? 'item'), 'is required')
  }
  const name = error.instancePath.split('/')[1] ?? ''
  if (error.keyword === 'additionalProperties' || error.schemaPath.endsWith('/additionalProperties') || check.properties[name] === undefined) {
    const unknown = name !== '' ? name : String((error.params.additionalProperties as string[] | undefined)?.[0] ?? 'item')
    throw new InvalidArgumentError(unknown.slice(0, 64), `unknown field of a ${String(type)} item; it takes ${Object.keys(check.properties).join(', ')}`)
  }
  const value = item[name]
  const expected = descriptionOf(check.properties[name]) ?? 'valid'
  const got = typeof value === 'object' && value !== null ? '' : `, got ${shown(value)}`
  throw new InvalidArgumentError(name, `must be ${expected}${got}`)
}
