/**
 * View choices kept in the page's URL (`?range=1h&by=exit_reason&sort=-win_rate`),
 * so a reload or a shared link shows the same view. Written with
 * `history.replaceState`: choosing does not add history entries.
 */

/** The URL's value of `name`, or null. */
export function urlParam (name: string): string | null {
  return new URLSearchParams(location.search).get(name)
}

/** Sets (or, with null, removes) parameters of the URL, keeping the others. */
export function setUrlParams (params: Record<string, string | null>): void {
  const url = new URL(location.href)
  for (const [name, value] of Object.entries(params)) {
    if (value === null) url.searchParams.delete(name)
    else url.searchParams.set(name, value)
  }
  history.replaceState(null, '', url)
}
