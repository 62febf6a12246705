// Wall-clock times in a named timezone ↔ UTC instants, without a date library.
// Forms ask for a date and a time "in your timezone" (the profile's, Settings →
// Timezone); the API wants ISO-8601 UTC. Times are picked on 15-minute steps.
import { FALLBACK_TIMEZONE, isValidTimezone } from './format'

export const STEP_MINUTES = 15

/** "00:00", "00:15", … "23:45". */
export const QUARTER_HOURS: readonly string[] = Array.from({ length: 96 }, (_, i) => {
  const h = Math.floor(i / 4)
  const m = (i % 4) * STEP_MINUTES
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`
})

/** 15, 30, … 240 minutes. */
export const DURATIONS: readonly number[] = Array.from({ length: 16 }, (_, i) => (i + 1) * STEP_MINUTES)

function zone(tz: string): string {
  return isValidTimezone(tz) ? tz : FALLBACK_TIMEZONE
}

const formatters = new Map<string, Intl.DateTimeFormat>()
function partsFormatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(tz, f)
  }
  return f
}

interface WallParts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

function wallParts(ms: number, tz: string): WallParts {
  const parts: Record<string, number> = {}
  for (const p of partsFormatter(zone(tz)).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value)
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour! % 24,
    minute: parts.minute!,
    second: parts.second!,
  }
}

/** The zone's offset from UTC at this instant, in ms (IST: +19 800 000). */
export function timezoneOffsetMs(ms: number, tz: string): number {
  const p = wallParts(ms, tz)
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000))
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const TIME_RE = /^(\d{2}):(\d{2})$/

/**
 * The UTC instant of a wall-clock date ("2026-11-24") and time ("16:00") in
 * `tz`, or null when either is malformed. Around a DST change the later
 * offset wins, like the browsers do.
 */
export function zonedToUtc(date: string, time: string, tz: string): Date | null {
  const d = DATE_RE.exec(date)
  const t = TIME_RE.exec(time)
  if (!d || !t) return null
  const [y, mo, da, h, mi] = [Number(d[1]), Number(d[2]), Number(d[3]), Number(t[1]), Number(t[2])]
  if (mo < 1 || mo > 12 || da < 1 || da > 31 || h > 23 || mi > 59) return null
  const guess = Date.UTC(y, mo - 1, da, h, mi)
  const first = guess - timezoneOffsetMs(guess, tz)
  const second = guess - timezoneOffsetMs(first, tz)
  return new Date(second)
}

/** An ISO instant → its wall-clock date and time in `tz`. */
export function utcToZoned(iso: string | number | Date, tz: string): { date: string; time: string } {
  const ms = iso instanceof Date ? iso.getTime() : new Date(iso).getTime()
  const p = wallParts(ms, tz)
  const pad = (n: number) => String(n).padStart(2, '0')
  return { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}` }
}

/** "2026-11-24T10:30:00Z" — the API's format (no milliseconds). */
export function toApiTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** Today's date in `tz`, "YYYY-MM-DD". */
export function todayIn(tz: string, now: number = Date.now()): string {
  return utcToZoned(now, tz).date
}

/** The next wall-clock quarter hour at least `leadMinutes` from now, in `tz`. */
export function nextQuarterHour(tz: string, leadMinutes = 60, now: number = Date.now()): { date: string; time: string } {
  const step = STEP_MINUTES * 60_000
  const t = Math.ceil((now + leadMinutes * 60_000) / step) * step
  return utcToZoned(t, tz)
}

/** True when the time string sits on a 15-minute step. */
export function onQuarterHour(time: string): boolean {
  const t = TIME_RE.exec(time)
  return Boolean(t) && Number(t![2]) % STEP_MINUTES === 0
}

/** "1 h 30 min", "45 min", "2 h". */
export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  if (h && m) return `${h} h ${m} min`
  if (h) return `${h} h`
  return `${m} min`
}

/** "Starts in 2 h 5 min" style countdown text for a future instant. */
export function formatCountdown(ms: number): string {
  if (ms <= 60_000) return 'Starting now'
  const minutes = Math.ceil(ms / 60_000)
  if (minutes < 60) return `Starts in ${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 24) {
    const rest = minutes % 60
    return rest ? `Starts in ${hours} h ${rest} min` : `Starts in ${hours} h`
  }
  const days = Math.round(hours / 24)
  return `Starts in ${days} day${days === 1 ? '' : 's'}`
}

/** "04:05" / "1:02:03" for a number of seconds. */
export function formatClock(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = s % 60
  const pad = (n: number) => String(n).padStart(2, '0')
  return h ? `${h}:${pad(m)}:${pad(sec)}` : `${pad(m)}:${pad(sec)}`
}
