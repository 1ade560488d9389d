/**
 * One reading of the host process's resource use, as served by the JSON API
 * (hence the snake_case field names, which go out as they are).
 *
 * A field that cannot be measured on this platform, or whose read failed, is
 * `null`, never a made-up 0: a chart with a gap is honest, one with a drop to
 * zero is not.
 *
 * @example
 * {
 *   cpu_percent: 12.5, memory_percent: 0.8, memory_used_mb: 64.2,
 *   disk_usage_percent: 41.3, active_threads: 11, open_files: 23,
 *   network_connections: 4, event_loop_lag_p99_ms: 10.2, heap_used_mb: 18.7,
 *   timestamp: 1735689600000
 * }
 */
export interface SystemSample {
  /**
   * CPU time used by the process (user + system, all threads) over the wall
   * time since the previous sample (or since the sampler was created), in
   * percent of one core: can exceed 100 on a multi-core host, as psutil's
   * `Process.cpu_percent()`.
   */
  cpu_percent: number | null
  /** Resident set size over total physical memory, percent. */
  memory_percent: number | null
  /** Resident set size, MiB. */
  memory_used_mb: number | null
  /**
   * Usage of the filesystem holding the data directory, percent, computed as
   * psutil's `disk_usage`: used / (used + available to unprivileged users).
   */
  disk_usage_percent: number | null
  /** OS threads of the process (`Threads:` of /proc/self/status). Linux only. */
  active_threads: number | null
  /** Open file descriptors (entries of /proc/self/fd). Linux only. */
  open_files: number | null
  /**
   * Sockets of the process that are TCP or UDP over IPv4 or IPv6, listening
   * ones included, as psutil's `Process.connections('inet')`. Linux only.
   */
  network_connections: number | null
  /**
   * 99th percentile of the event-loop delay since the previous sample, ms.
   * Includes the monitor's ~10 ms sampling resolution: an idle loop reads
   * about 10 ms. The exposition's `nodejs_eventloop_lag_p99_seconds` is this figure.
   * `null` while the sampler is not running or before the monitor's first tick.
   */
  event_loop_lag_p99_ms: number | null
  /** V8 heap in use, MiB. */
  heap_used_mb: number | null
  /** When the sample was taken, epoch ms. */
  timestamp: number
}
