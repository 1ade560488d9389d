import { defaultText, SOURCED_SETTINGS } from './sources.ts'

/**
 * The README's configuration table, from the schema: one row per setting a variable or a flag
 * sets, with its key in a config file, flag, variable, default (unit) and meaning. A test
 * checks the README against it.
 */
export function configTable (): string[] {
  const rows = ['| key | flag | env | default | meaning |', '| --- | --- | --- | --- | --- |']
  for (const s of SOURCED_SETTINGS) {
    const def = defaultText(s)
    const unit = s.schema.unit !== undefined && s.schema.unit !== 's' && def !== '' ? ` ${s.schema.unit}` : ''
    const code = (t: string | undefined): string => t === undefined ? '' : `\`${t}\``
    rows.push(`| ${code(s.path)} | ${code(s.schema.flag)} | ${code(s.schema.env)} | ${def}${unit} | ${s.schema.description ?? ''} |`)
  }
  return rows
}
