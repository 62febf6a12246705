// Autocorrect and autocomplete for forms: the email-domain typo hint
// ("gmial.com" → "gmail.com") and skill / interest completion ("Pyth" →
// "Python", "Pyhton" → "Python"). Sources come from GET /api/meta/taxonomy;
// a few well-known mail providers are always known.

export const COMMON_EMAIL_DOMAINS = [
  'gmail.com',
  'yahoo.com',
  'yahoo.co.in',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'icloud.com',
  'protonmail.com',
  'proton.me',
  'rediffmail.com',
  'aol.com',
  'zoho.com',
]

/** Optimal-string-alignment distance (Levenshtein + adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const m = a.length
  const n = b.length
  if (m === 0) return n
  if (n === 0) return m
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) =>
    Array.from({ length: n + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  )
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      const row = d[i]!
      const prev = d[i - 1]!
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1)
      }
    }
  }
  return d[m]![n]!
}

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/

export function isValidEmail(email: string): boolean {
  return EMAIL_PATTERN.test(email.trim())
}

/**
 * The corrected email when its domain looks like a typo of a known domain,
 * otherwise null. "asha@gmial.com" → "asha@gmail.com".
 */
export function suggestEmail(email: string, knownDomains: readonly string[] = []): string | null {
  const trimmed = email.trim()
  const at = trimmed.lastIndexOf('@')
  if (at < 1 || at === trimmed.length - 1) return null
  const local = trimmed.slice(0, at)
  const domain = trimmed.slice(at + 1).toLowerCase()
  if (domain.length < 4) return null
  const domains = [...new Set([...knownDomains.map((d) => d.toLowerCase()), ...COMMON_EMAIL_DOMAINS])]
  if (domains.includes(domain)) return null
  let best: string | null = null
  let bestDistance = Infinity
  for (const candidate of domains) {
    const distance = editDistance(domain, candidate)
    // One edit for short domains, two for longer ones; never "fix" a domain
    // into something far away.
    const allowed = candidate.length <= 6 ? 1 : 2
    if (distance <= allowed && distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return best ? `${local}@${best}` : null
}

/**
 * Options matching what was typed, best first: prefix matches, then word-prefix
 * matches ("learn" → "Machine Learning"), then substrings, then close typos.
 * Already-chosen values are left out.
 */
export function autocomplete(
  query: string,
  options: readonly string[],
  { limit = 6, exclude = [] as readonly string[] } = {},
): string[] {
  const q = query.trim().toLowerCase()
  if (!q) return []
  const excluded = new Set(exclude.map((e) => e.toLowerCase()))
  const scored: { option: string; score: number }[] = []
  for (const option of options) {
    const o = option.toLowerCase()
    if (excluded.has(o)) continue
    let score: number | null = null
    if (o.startsWith(q)) score = 0
    else if (o.split(/[\s/+.-]+/).some((w) => w.startsWith(q))) score = 1
    else if (o.includes(q)) score = 2
    else if (q.length >= 4) {
      const head = o.slice(0, Math.max(q.length, 1))
      const distance = Math.min(editDistance(q, o), editDistance(q, head))
      if (distance <= (q.length >= 7 ? 2 : 1)) score = 3 + distance
    }
    if (score !== null) scored.push({ option, score })
  }
  scored.sort((a, b) => a.score - b.score || a.option.length - b.option.length || a.option.localeCompare(b.option))
  return scored.slice(0, limit).map((s) => s.option)
}

/**
 * The canonical spelling of a typed value: the option itself when it matches
 * ignoring case, or the single close option when it looks like a typo
 * ("pyhton" → "Python"); otherwise the trimmed input.
 */
export function autocorrect(value: string, options: readonly string[]): string {
  const v = value.trim()
  if (!v) return v
  const lower = v.toLowerCase()
  const exact = options.find((o) => o.toLowerCase() === lower)
  if (exact) return exact
  if (v.length < 4) return v
  const allowed = v.length >= 8 ? 2 : 1
  const close = options.filter((o) => editDistance(lower, o.toLowerCase()) <= allowed)
  return close.length === 1 ? close[0]! : v
}
