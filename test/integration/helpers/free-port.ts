import { createServer } from 'node:net'

/**
 * A TCP port on 127.0.0.1 that was free a moment ago: the OS picks it for a
 * listener on port 0, which is closed again before the port is returned.
 * Another process could take it in between; on a test machine that race is
 * rare enough, and servers that cannot be handed an open socket (Prometheus,
 * VictoriaMetrics) leave no better choice.
 */
export async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => { resolve(port) })
    })
  })
}
