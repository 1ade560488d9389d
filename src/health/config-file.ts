import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { extname } from 'node:path'
import type { parse as ParseYaml } from 'yaml'
import { ConfigError } from '../core/errors.ts'
import { isObject } from './config-values.ts'
import type { RawObject } from './config-values.ts'
import { healthConfigFrom } from './health-config.ts'
import type { HealthConfig, HealthConfigOptions } from './health-config.ts'

const require = createRequire(import.meta.url)
let yamlParse: typeof ParseYaml | null = null

/**
 * The YAML parser, loaded on the first file read rather than with the library: a bot that
 * imports `breakout-metrics` and never reads a config file does not pay for it.
 */
function parseYaml (text: string, options: Parameters<typeof ParseYaml>[2]): unknown {
  yamlParse ??= (require('yaml') as { parse: typeof ParseYaml }).parse
  return yamlParse(text, options)
}

/**
 * Reads a config document: `.json` with JSON.parse, anything else as YAML
 * (the `yaml` package, YAML 1.2: `on`/`off` stay strings). The top level
 * must be a mapping. Errors are ConfigError naming the file and, for
 * syntax errors, the line.
 */
export function readConfigDocument (path: string): RawObject {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new ConfigError('file', `cannot read ${path}: ${(error as Error).message}`)
  }
  let doc: unknown
  try {
    doc = extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text, { prettyErrors: true })
  } catch (error) {
    throw new ConfigError('file', `${path} is not valid ${extname(path) === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message}`)
  }
  if (doc === null || doc === undefined) return {}
  if (!isObject(doc)) throw new ConfigError('file', `${path}: the top level must be a mapping of keys to values`)
  return doc
}

/**
 * The document with the profile `name` applied: the keys of
 * `profiles.<name>` deep-merged over the top level, and `profiles` removed.
 * Mappings merge key by key; lists of entries with an `id` (rules) merge
 * entry by entry, so a profile can change one field of one rule; other
 * lists and values replace. An absent profile leaves the base as it is.
 *
 * @example applyProfile(readConfigDocument('config/metrics.yaml'), process.env.NODE_ENV ?? 'development')
 */
export function applyProfile (doc: RawObject, name: string | null): RawObject {
  const { profiles, ...base } = doc
  if (profiles === undefined || name === null) return base
  if (!isObject(profiles)) throw new ConfigError('profiles', 'must be a mapping of profile names to config sections')
  const overlay = profiles[name]
  if (overlay === undefined || overlay === null) return base
  if (!isObject(overlay)) throw new ConfigError(`profiles.${name}`, 'must be a mapping of keys to values')
  return merge(base, overlay) as RawObject
}

function merge (base: unknown, over: unknown): unknown {
  if (isObject(base) && isObject(over)) {
    const out: RawObject = { ...base }
    for (const [k, v] of Object.entries(over)) out[k] = k in base ? merge(base[k], v) : v
    return out
  }
  if (Array.isArray(base) && Array.isArray(over) && [...base, ...over].every((e) => isObject(e) && typeof e.id === 'string')) {
    const out = base.map((e) => ({ ...(e as RawObject) }))
    for (const e of over as RawObject[]) {
      const i = out.findIndex((b) => b.id === e.id)
      if (i >= 0) out[i] = merge(out[i], e) as RawObject
      else out.push({ ...e })
    }
    return out
  }
  return over
}

/**
 * Loads the health config: the file (if any), its profile, the
 * environment. What `src/config.ts` calls when it has no document of its
 * own; with one, call `healthConfigFrom(applyProfile(doc, profile).health, ...)`.
 */
export function loadHealthConfig (options: HealthConfigOptions & { file?: string | null, profile?: string | null } = {}): HealthConfig {
  const doc = options.file === undefined || options.file === null ? {} : applyProfile(readConfigDocument(options.file), options.profile ?? null)
  return healthConfigFrom(doc.health, options)
}
