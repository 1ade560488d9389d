/** What the writer has done since it was created. Counters only grow. */
export interface RemoteWriteStats {
  /** Samples taken from `collect()`. */
  collectedSamples: number
  /** Samples a receiver accepted (2xx). */
  sentSamples: number
  /** Samples given up on, all reasons. */
  droppedSamples: number
  /** ... because the queue was full (oldest first). */
  droppedQueueFull: number
  /** ... because the receiver refused them with a 4xx other than 429. */
  droppedRejected: number
  /** ... because they cannot be encoded (bad name or label, bad timestamp). */
  droppedInvalid: number
  /** Requests that failed (any reason). */
  failedRequests: number
  /** Samples waiting in the queue now. */
  queuedSamples: number
  /** Bytes (encoded, uncompressed) waiting in the queue now. */
  queuedBytes: number
  /** When a request last succeeded, epoch ms, or null. */
  lastSuccessMs: number | null
  /** The last failure's message, cleared by a success. */
  lastError: string | null
}
