import { ConfigError } from '../core/errors.ts'
import { applyProfile, readConfigDocument } from '../health/config-file.ts'
import type { RawObject } from '../health/config-values.ts'
import { setAtPath } from '../health/health-env.ts'
import { applyRuleEnv } from '../health/rules-config.ts'
import { DEFAULT_RULES } from '../health/default-rules.ts'
import { checkDocument, convertTexts } from './check.ts'
import { ConfigSchema } from './schema.ts'
import { BY_ENV, BY_FLAG, SETTINGS } from './sources.ts'
import type { SchemaNode } from './sources.ts'

/** Flags as node:util parseArgs gives them. */
export type FlagValues = Record<string, string | boolean | undefined>
/** Environment variables (pass `process.env`). */
export type EnvValues = Readonly<Record<string, string | undefined>>

/** The merged, checked document, and where each value came from (path -> `PORT`, `--port`, a file). */
export interface ConfigDocument {
  doc: RawObject
  sourceOf: (path: string) => string | null
}

function text (flags: FlagValues, env: EnvValues, flag: string, name: string): { value: string, source: string } | null {
  const f = flags[flag]
  if (typeof f === 'string') return { value: f, source: `--${flag}` }
  const e = env[name]
  return e === undefined || e === '' ? null : { value: e, source: name }
}

/**
 * Merges the configuration: the schema's defaults stay out (resolve.ts fills them), then the
 * file (its profile applied), then the variables, then the flags; then converts texts and
 * checks the whole against the schema. Errors name the path and the source.
 */
export function configDocument (flags: FlagValues, env: EnvValues): ConfigDocument {
  const origins = new Map<string, string>()
  const file = text(flags, env, 'config', 'METRICS_CONFIG')
  const profile = text(flags, env, 'env', 'NODE_ENV')
  let doc: RawObject = {}
  if (file !== null) {
    try {
      doc = applyProfile(readConfigDocument(file.value), profile?.value ?? 'development')
    } catch (error) {
      if (error instanceof ConfigError && error.field === 'file') throw new ConfigError('config', error.reason, file.source)
      throw error
    }
    for (const s of SETTINGS) {
      if (s.schema.fileKey === false && doc[s.path] !== undefined) {
        throw new ConfigError(s.path, `chooses the file and its profile: set it by ${s.schema.env ?? ''} or ${s.schema.flag ?? ''}`, file.value)
      }
    }
  }
  for (const [name, s] of BY_ENV) {
    const value = env[name]
    if (value === undefined || value === '') continue
    doc = setAtPath(doc, s.path, value)
    origins.set(s.path, name)
  }
  const health = doc.health
  if (Object.keys(env).some((k) => k.startsWith('HEALTH_RULE_'))) {
    if (health !== undefined && (typeof health !== 'object' || health === null || Array.isArray(health))) checkDocument(doc, () => file?.value ?? null)
    doc = { ...doc, health: applyRuleEnv((health ?? {}) as RawObject, env, DEFAULT_RULES.map((r) => r.id), origins) }
  }
  for (const [flag, s] of BY_FLAG) {
    const value = flags[flag]
    if (value === undefined) continue
    // The one boolean flag that turns a setting off: --no-persist.
    doc = setAtPath(doc, s.path, typeof value === 'string' ? value : !flag.startsWith('no-'))
    origins.set(s.path, `--${flag}`)
  }
  const sourceOf = (path: string): string | null => origins.get(path) ?? file?.value ?? null
  const converted = convertTexts(ConfigSchema as unknown as SchemaNode, doc) as RawObject
  checkDocument(converted, sourceOf)
  return { doc: converted, sourceOf }
}

/** The value at a dotted path of the document, or the schema's default there (undefined: none). */
export function valueAt (doc: RawObject, path: string): unknown {
  let at: unknown = doc
  for (const key of path.split('.')) at = typeof at === 'object' && at !== null ? (at as RawObject)[key] : undefined
  if (at !== undefined) return at
  return SETTINGS.find((s) => s.path === path)?.schema.default
}
