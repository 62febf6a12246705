// Formatting helpers. Every time on screen goes through formatDateTime with the
// signed-in user's timezone (Settings → Timezone).

export const FALLBACK_TIMEZONE = 'Asia/Kolkata'

export function browserTimezone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || FALLBACK_TIMEZONE
  } catch {
    return FALLBACK_TIMEZONE
  }
}

// Intl formatters are costly to build (~0.1 ms each, more for the first of a locale) and cheap to
// use: a list of cards formats dozens of times per render, so each is built once per options.
const dateFormats = new Map<string, Intl.DateTimeFormat | null>()

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat | null {
  const key = `${locale}|${JSON.stringify(options)}`
  let f = dateFormats.get(key)
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat(locale, options)
    } catch {
      f = null // an unknown timezone
    }
    if (dateFormats.size > 200) dateFormats.clear()
    dateFormats.set(key, f)
  }
  return f
}

export function isValidTimezone(tz: string): boolean {
  return dateFormat('en', { timeZone: tz }) !== null
}

export function formatDateTime(
  value: string | number | Date,
  timezone: string,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' },
): string {
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) return ''
  const timeZone = isValidTimezone(timezone) ? timezone : FALLBACK_TIMEZONE
  return dateFormat('en-IN', { ...options, timeZone })?.format(date) ?? ''
}

/**
 * Server text never formats a time: it writes `{at}` and sends the instant
 * beside it (a notification's `at`). Shown here with formatDateTime, in the
 * reader's timezone, like every other time in the app.
 */
export function withTime(text: string, at: string | null | undefined, timezone: string): string {
  if (!at || !text.includes('{at}')) return text
  return text.replaceAll('{at}', formatDateTime(at, timezone))
}

let relative: Intl.RelativeTimeFormat | null = null

export function formatRelative(value: string | number | Date, now: number = Date.now()): string {
  const date = value instanceof Date ? value : new Date(value)
  const seconds = Math.round((date.getTime() - now) / 1000)
  const abs = Math.abs(seconds)
  const rtf = (relative ??= new Intl.RelativeTimeFormat('en', { numeric: 'auto' }))
  if (abs < 60) return rtf.format(seconds, 'second')
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute')
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour')
  return rtf.format(Math.round(seconds / 86400), 'day')
}

const inr = (fraction: number) => {
  let f: Intl.NumberFormat | null = null
  return () =>
    (f ??= new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR', minimumFractionDigits: fraction, maximumFractionDigits: 2 }))
}
const inrWhole = inr(0)
const inrPaise = inr(2)

/** Integer paise → "₹1,000" / "₹1,000.50". */
export function formatINR(paise: number): string {
  const rupees = paise / 100
  return (Number.isInteger(rupees) ? inrWhole : inrPaise)().format(rupees)
}

export function listTimezones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: string) => string[] }
  const zones = intl.supportedValuesOf?.('timeZone') ?? []
  const all = new Set([...zones, FALLBACK_TIMEZONE, 'UTC'])
  return [...all].sort()
}

export function initials(name: string): string {
  // Words that start with a letter only: "Demo Mentor · Kabir (sample)" → "DK", not "D(".
  const parts = name.trim().split(/\s+/).filter((w) => /^\p{L}/u.test(w))
  if (parts.length === 0) return '?'
  const first = parts[0]?.[0] ?? ''
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : ''
  return (first + last).toUpperCase()
}
