import { Value } from 'typebox/value'
import { ConfigError } from '../core/errors.ts'
import type { RawObject } from '../health/config-values.ts'
import { ConfigSchema } from './schema.ts'
import type { SchemaNode } from './sources.ts'

const ROOT = ConfigSchema as unknown as SchemaNode

function show (v: unknown): string {
  if (Array.isArray(v)) return 'a list'
  if (typeof v === 'object' && v !== null) return 'a mapping'
  return typeof v === 'string' ? JSON.stringify(v) : String(v)
}

/** How an error says what a valid value of `node` is. */
export function describe (node: SchemaNode): string {
  if (node.expect !== undefined) return node.expect
  if (node.const !== undefined) return String(node.const)
  if (node.anyOf !== undefined) {
    return node.anyOf.every((m) => m.const !== undefined) ? `one of ${node.anyOf.map((m) => String(m.const)).join(', ')}` : node.anyOf.map(describe).join(', or ')
  }
  switch (node.type) {
    case 'integer':
      if (node.minimum !== undefined && node.maximum !== undefined) return `an integer from ${node.minimum} to ${node.maximum}`
      return node.minimum === undefined ? 'an integer' : `an integer >= ${node.minimum}`
    case 'number': return node.minimum === undefined ? 'a number' : `a number >= ${node.minimum}`
    case 'boolean': return 'true or false'
    case 'null': return 'null'
    case 'array': return node.items === undefined ? 'a list' : `a list of ${describe(node.items).replace(/^an? /, '')}s`
    case 'object': return 'a mapping of keys to values'
    case 'string': return node.pattern === undefined ? 'a non-empty text' : `a text matching ${node.pattern}`
    default: return 'a valid value'
  }
}

/** Converts a text from a variable, a flag or a file to the number or boolean the schema wants there; anything else as it is. */
function convertText (node: SchemaNode, text: string): unknown {
  const t = text.trim()
  if (node.type === 'integer') return /^-?\d+$/.test(t) ? Number(t) : text
  if (node.type === 'number') return t !== '' && Number.isFinite(Number(t)) ? Number(t) : text
  if (node.type === 'boolean') return ['true', '1', 'yes'].includes(t) ? true : ['false', '0', 'no'].includes(t) ? false : text
  if (node.anyOf !== undefined && !node.anyOf.some((m) => m.type === 'string' && m.const === undefined)) {
    for (const member of node.anyOf) {
      const converted = convertText(member, text)
      if (Value.Check(member, converted)) return converted
    }
  }
  return text
}

/**
 * The document with each text converted where the schema wants a number or a boolean, so
 * that `PORT=8000` and `port: "8000"` mean `port: 8000`. A text that does not convert stays,
 * for the check to name.
 */
export function convertTexts (node: SchemaNode, value: unknown): unknown {
  if (typeof value === 'string') return convertText(node, value)
  if (Array.isArray(value) && node.items !== undefined) return value.map((v) => convertTexts(node.items as SchemaNode, v))
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && node.properties !== undefined) {
    const out: RawObject = {}
    for (const [k, v] of Object.entries(value)) out[k] = node.properties[k] === undefined ? v : convertTexts(node.properties[k], v)
    return out
  }
  return value
}

/** The schema node at a JSON pointer's segments, through objects, lists and unions; null when none. */
function nodeAt (segments: readonly string[]): SchemaNode | null {
  let node: SchemaNode | undefined = ROOT
  for (const s of segments) {
    if (node === undefined) return null
    if (node.properties !== undefined) node = node.properties[s]
    else if (node.patternProperties !== undefined) node = Object.values(node.patternProperties)[0]
    else if (node.items !== undefined) node = node.items
    else if (node.anyOf !== undefined) node = node.anyOf.find((m) => m.items !== undefined)?.items
    else return null
  }
  return node ?? null
}

/**
 * The dotted path of a JSON pointer into `doc`, naming a list entry that has an `id` by it
 * (`/health/rules/2/warning` -> `health.rules.cpu_high.warning`) and others by index.
 */
export function dottedPath (doc: unknown, segments: readonly string[]): string {
  let path = ''
  let at: unknown = doc
  for (const s of segments) {
    if (Array.isArray(at)) {
      const entry: unknown = at[Number(s)]
      const id = typeof entry === 'object' && entry !== null ? (entry as RawObject).id : undefined
      path += typeof id === 'string' && /^[a-z][a-z0-9_]*$/.test(id) ? `.${id}` : `[${s}]`
      at = entry
    } else {
      path += path === '' ? s : `.${s}`
      at = typeof at === 'object' && at !== null ? (at as RawObject)[s] : undefined
    }
  }
  return path
}

/**
 * Checks the merged document against the schema. The first error becomes a ConfigError that
 * names the setting's path and, through `sourceOf`, where its value came from.
 */
export function checkDocument (doc: RawObject, sourceOf: (path: string) => string | null): void {
  if (Value.Check(ConfigSchema, doc)) return
  const errors = [...Value.Errors(ConfigSchema, doc)]
  // An unknown key is named as such; otherwise the deepest error is the most precise.
  const extra = errors.find((e) => e.keyword === 'additionalProperties')
  if (extra !== undefined) {
    const segments = extra.instancePath.split('/').slice(1)
    const names = (extra.params as { additionalProperties: string[] }).additionalProperties
    const parent = dottedPath(doc, segments)
    const path = parent === '' ? names[0] : `${parent}.${names[0]}`
    const known = Object.keys(nodeAt(segments)?.properties ?? {})
    throw new ConfigError(path, `unknown key; known keys: ${known.join(', ')}`, sourceOf(path))
  }
  const deepest = errors.filter((e) => e.keyword !== 'boolean')
    .sort((a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length)[0]
  const segments = deepest.instancePath.split('/').slice(1)
  const path = dottedPath(doc, segments)
  if (deepest.keyword === 'required') {
    const missing = (deepest.params as { requiredProperties?: string[] }).requiredProperties?.[0] ?? 'a key'
    const at = path === '' ? missing : `${path}.${missing}`
    throw new ConfigError(at, 'is required', sourceOf(at))
  }
  const node = nodeAt(segments)
  let value: unknown = doc
  for (const s of segments) value = (value as RawObject)[s]
  // A token or a URL that may carry one is described, never quoted.
  const got = node?.secret === true ? 'a value not shown (it may hold a secret)' : show(value)
  throw new ConfigError(path, `must be ${node === null ? 'valid' : describe(node)}, got ${got}`, sourceOf(path))
}
