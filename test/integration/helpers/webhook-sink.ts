import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request a sink received. */
export interface SinkRequest {
  path: string
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

/** A local HTTP server that records what it is sent. */
export interface WebhookSink {
  url: string
  requests: SinkRequest[]
  /** Status code for the next requests (default 200). */
  respondWith: (status: number) => void
  close: () => Promise<void>
}

/** Starts a recording HTTP server on 127.0.0.1 (port chosen by the OS). */
export async function startWebhookSink (): Promise<WebhookSink> {
  const requests: SinkRequest[] = []
  let status = 200
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      requests.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) })
      res.statusCode = status
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respondWith: (code) => { status = code },
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => { resolve() }))
    }
  }
}
