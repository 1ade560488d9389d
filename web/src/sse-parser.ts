/** One Server-Sent Event as the HTML standard's parser dispatches it. */
export interface SseEvent {
  event: string
  data: string
  /** The last event id seen so far on the stream (the resume cursor). */
  id: string
}

/**
 * Incremental Server-Sent Events parser (WHATWG "event stream
 * interpretation"): feed it text as it arrives, in chunks of any size; it
 * returns the complete events. Comments (heartbeats) are skipped, `retry:`
 * is kept in `retryMs`. Used over fetch() so that requests can carry an
 * Authorization header, which EventSource cannot.
 */
export class SseParser {
  lastEventId = ''
  retryMs: number | null = null
  private buffer = ''
  private data: string[] = []
  private eventType = ''

  push (chunk: string): SseEvent[] {
    this.buffer += chunk
    const out: SseEvent[] = []
    let start = 0
    for (;;) {
      const end = lineEnd(this.buffer, start)
      if (end < 0) break
      // A lone \r at the end of the buffer may be the first half of \r\n: wait for more.
      if (this.buffer[end] === '\r' && end + 1 === this.buffer.length) break
      const line = this.buffer.slice(start, end)
      start = end + (this.buffer.startsWith('\r\n', end) ? 2 : 1)
      const event = this.line(line)
      if (event !== null) out.push(event)
    }
    this.buffer = this.buffer.slice(start)
    return out
  }

  private line (line: string): SseEvent | null {
    if (line === '') {
      if (this.data.length === 0) {
        this.eventType = ''
        return null
      }
      const event = { event: this.eventType === '' ? 'message' : this.eventType, data: this.data.join('\n'), id: this.lastEventId }
      this.data = []
      this.eventType = ''
      return event
    }
    if (line.startsWith(':')) return null
    const colon = line.indexOf(':')
    const field = colon < 0 ? line : line.slice(0, colon)
    let value = colon < 0 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    switch (field) {
      case 'data': this.data.push(value); break
      case 'event': this.eventType = value; break
      case 'id': if (!value.includes('\0')) this.lastEventId = value; break
      case 'retry': if (/^\d+$/.test(value)) this.retryMs = Number(value); break
    }
    return null
  }
}

/** Index of the first \r or \n at or after `from`, or -1. */
function lineEnd (text: string, from: number): number {
  const lf = text.indexOf('\n', from)
  const cr = text.indexOf('\r', from)
  if (cr < 0) return lf
  if (lf < 0) return cr
  return Math.min(lf, cr)
}
