import type { FastifyInstance } from 'fastify'
import { JsonTooDeepError } from '../../core/errors.ts'

/**
 * Deepest nesting of arrays and objects a JSON body may have. An ingest
 * batch is 3 deep (batch, item, tags); 32 leaves room for any reasonable
 * client and keeps recursive walks of the value shallow.
 */
export const MAX_JSON_DEPTH = 32

const OPEN_BRACE = 0x7b
const OPEN_BRACKET = 0x5b
const CLOSE_BRACE = 0x7d
const CLOSE_BRACKET = 0x5d
const QUOTE = 0x22
const BACKSLASH = 0x5c

/**
 * True when the JSON text nests arrays and objects deeper than `maxDepth`.
 * One pass over the text before it is parsed, so a 4 MiB `[[[[...` is
 * refused without building a value; brackets inside strings do not count.
 * It does not check that the text is JSON: the parser does that after.
 */
export function jsonDepthExceeds (text: string, maxDepth: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === BACKSLASH) i++
      else if (c === QUOTE) inString = false
    } else if (c === QUOTE) {
      inString = true
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) return true
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--
    }
  }
  return false
}

/**
 * Replaces the JSON body parser with one that refuses bodies nested deeper
 * than `maxDepth` (400 BM_ERR_JSON_TOO_DEEP), then parses with Fastify's
 * own parser set to refuse `__proto__` and `constructor.prototype` keys
 * (400) rather than pass them on.
 */
export function installJsonParser (app: FastifyInstance, maxDepth = MAX_JSON_DEPTH): void {
  const parse = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string
    if (jsonDepthExceeds(text, maxDepth)) {
      done(new JsonTooDeepError(maxDepth), undefined)
      return
    }
    void parse(request, text, done)
  })
}
