/** The bell badge text: the count, capped at "99+". */
export function formatBadge(count: number): string {
  return count > 99 ? '99+' : String(count)
}
