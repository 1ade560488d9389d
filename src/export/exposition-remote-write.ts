import type { Exposition } from './exposition.ts'
import { parseExposition } from './exposition-samples.ts'
import type { RemoteSample } from './remote-write-encoding.ts'
import { RemoteWriter } from './remote-write.ts'
import type { RemoteWriteOptions } from './remote-write-options.ts'

/** What the service needs to push its exposition to a remote store. */
export interface ExpositionRemoteWriteOptions extends Omit<RemoteWriteOptions, 'collect' | 'externalLabels'> {
  /** `job` and `instance` of the pushed series, as a scrape would label them. */
  job: string
  instance: string
  /** Labels of the `up` sample besides job and instance (the bot's identity); the exposition's samples carry their own. */
  labels?: Readonly<Record<string, string>>
}

/**
 * A remote writer that sends, every interval, exactly what a scrape of
 * `exposition` would see, plus `up{job,instance} 1` so a remote store lists
 * the instance as a scrape would (the dashboards' `instance` variable reads
 * `up`). Its own counters are added to the exposition as
 * `breakout_remote_write_*` families.
 */
export function exposeRemoteWrite (exposition: Exposition, options: ExpositionRemoteWriteOptions): RemoteWriter {
  const { job, instance, labels, ...rest } = options
  const writer = new RemoteWriter({
    ...rest,
    externalLabels: { ...labels, job, instance },
    collect: async (): Promise<RemoteSample[]> => {
      const now = Date.now()
      const { samples } = parseExposition(await exposition.render(), now)
      samples.push({ labels: { __name__: 'up' }, value: 1, timestampMs: now })
      return samples
    }
  })
  exposition.addProvider(() => {
    const s = writer.stats
    return [
      { name: 'breakout_remote_write_sent_samples_total', help: 'Samples a remote-write receiver accepted.', type: 'counter', samples: [{ value: s.sentSamples }] },
      {
        name: 'breakout_remote_write_dropped_samples_total',
        help: 'Samples given up on: queue full while the receiver was away, refused with a 4xx, or not encodable.',
        type: 'counter',
        samples: [
          { labels: { reason: 'queue_full' }, value: s.droppedQueueFull },
          { labels: { reason: 'rejected' }, value: s.droppedRejected },
          { labels: { reason: 'invalid' }, value: s.droppedInvalid }
        ]
      },
      { name: 'breakout_remote_write_failed_requests_total', help: 'Remote-write requests that failed.', type: 'counter', samples: [{ value: s.failedRequests }] },
      { name: 'breakout_remote_write_queue_samples', help: 'Samples waiting to be sent.', type: 'gauge', samples: [{ value: s.queuedSamples }] }
    ]
  })
  return writer
}
