/**
 * Builds the dashboard into web/dist: one ES module bundle (uPlot included,
 * nothing from a CDN), the stylesheet with uPlot's, and index.html. Runs in
 * well under a second, so npm start and npm test run it every time.
 */
import { build } from 'esbuild'
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../', import.meta.url))
const out = root + 'web/dist/'

rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })
await build({
  entryPoints: [root + 'web/src/main.ts'],
  bundle: true,
  format: 'esm',
  target: ['es2022'],
  minify: true,
  sourcemap: true,
  outfile: out + 'app.js',
  logLevel: 'warning',
  legalComments: 'linked'
})
const css = readFileSync(root + 'node_modules/uplot/dist/uPlot.min.css', 'utf8') + '\n' + readFileSync(root + 'web/src/styles.css', 'utf8')
writeFileSync(out + 'app.css', css)
copyFileSync(root + 'web/index.html', out + 'index.html')
copyFileSync(root + 'web/favicon.svg', out + 'favicon.svg')
// The fleet page (`breakout-metrics fleet`): its own bundle and page, the same stylesheet.
mkdirSync(out + 'fleet/', { recursive: true })
await build({
  entryPoints: [root + 'web/src/fleet/main.ts'],
  bundle: true,
  format: 'esm',
  target: ['es2022'],
  minify: true,
  sourcemap: true,
  outfile: out + 'fleet/app.js',
  logLevel: 'warning',
  legalComments: 'linked'
})
writeFileSync(out + 'fleet/app.css', css)
copyFileSync(root + 'web/fleet/index.html', out + 'fleet/index.html')
copyFileSync(root + 'web/favicon.svg', out + 'fleet/favicon.svg')
// uPlot is bundled into app.js: its MIT licence travels with it.
copyFileSync(root + 'node_modules/uplot/LICENSE', out + 'THIRD-PARTY-LICENSES.txt')
