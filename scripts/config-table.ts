// Rewrites the README's configuration table from the configuration schema
// (src/config/schema.ts); test/unit/config/schema.test.ts fails when they differ.
import { readFileSync, writeFileSync } from 'node:fs'
import { configTable } from '../src/config/config-table.ts'

const path = new URL('../README.md', import.meta.url)
const lines = readFileSync(path, 'utf8').split('\n')
const start = lines.findIndex((l) => l.startsWith('| key | flag | env | default | meaning |'))
if (start < 0) throw new Error('README.md has no configuration table')
let end = start
while (end < lines.length && lines[end].startsWith('|')) end++
lines.splice(start, end - start, ...configTable())
writeFileSync(path, lines.join('\n'))
