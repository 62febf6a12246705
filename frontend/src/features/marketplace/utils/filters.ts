// /sessions filters live in the URL (shareable, back-button friendly) in
// human units — rupees and calendar dates in the viewer's timezone — and are
// turned into the API's query (paise, ISO-8601 UTC) here.
import { rupeesToPaise } from '@/lib/money'
import type { SessionFilters } from '@/lib/query-keys'
import { toApiTime, zonedToUtc } from '@/lib/timezone'

export const FILTER_PARAMS = ['q', 'category', 'price', 'min', 'max', 'from', 'to', 'mentor'] as const
export type FilterParam = (typeof FILTER_PARAMS)[number]
export type FilterState = Record<FilterParam, string>

export function readFilters(params: URLSearchParams): FilterState {
  const state = {} as FilterState
  for (const name of FILTER_PARAMS) state[name] = params.get(name)?.trim() ?? ''
  if (state.price !== 'free' && state.price !== 'paid') state.price = ''
  return state
}

export function hasFilters(state: FilterState): boolean {
  return FILTER_PARAMS.some((name) => state[name] !== '')
}

/** A rupee amount that cannot be read, for the field's error message. */
export function priceError(text: string): string | null {
  const paise = rupeesToPaise(text)
  return Number.isNaN(paise) ? 'Enter an amount in rupees, like 500.' : null
}

function validPaise(text: string): string | undefined {
  const paise = rupeesToPaise(text)
  return paise === null || Number.isNaN(paise) ? undefined : String(paise)
}

/** The GET /sessions query for these filters, with dates read in `timezone`. */
export function toApiFilters(state: FilterState, timezone: string): SessionFilters {
  const from = state.from ? zonedToUtc(state.from, '00:00', timezone) : null
  // "to" is inclusive: the whole of that day in the viewer's timezone.
  const toStart = state.to ? zonedToUtc(state.to, '00:00', timezone) : null
  const to = toStart ? new Date(toStart.getTime() + 24 * 3600_000 - 1000) : null
  const free = state.price === 'free'
  const query: SessionFilters = {
    q: state.q || undefined,
    category: state.category || undefined,
    price: state.price || undefined,
    min_price_paise: free ? undefined : validPaise(state.min),
    max_price_paise: free ? undefined : validPaise(state.max),
    from: from ? toApiTime(from) : undefined,
    to: to ? toApiTime(to) : undefined,
    mentor_id: state.mentor || undefined,
  }
  // Drop the unset keys so equal filters give equal query keys.
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined))
}
