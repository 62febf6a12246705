// The mentor's Create / Edit Session form: values, the spec's error wording
// ("Please add topics"), and the conversion to the API body (start time from
// the mentor's timezone to UTC, rupees to paise).
import { rupeesToPaise, paiseToRupeesInput } from '@/lib/money'
import type { Session, SessionInput } from '@/lib/marketplace-types'
import { onQuarterHour, toApiTime, utcToZoned, zonedToUtc } from '@/lib/timezone'

export interface SessionFormValues {
  title: string
  description: string
  topics: string[]
  category: string
  date: string
  time: string
  duration: string
  price: string
  seats: string
  requiresApproval: boolean
}

export type SessionFormErrors = Partial<Record<keyof SessionFormValues | 'start' | 'thumbnail', string>>

export const TITLE_MAX = 120
export const DESCRIPTION_MAX = 4000
export const TOPICS_MAX = 10

export function emptySessionForm(start: { date: string; time: string }): SessionFormValues {
  return {
    title: '',
    description: '',
    topics: [],
    category: '',
    date: start.date,
    time: start.time,
    duration: '60',
    price: '0',
    seats: '1',
    requiresApproval: false,
  }
}

export function sessionToForm(s: Session, timezone: string): SessionFormValues {
  const start = utcToZoned(s.starts_at, timezone)
  return {
    title: s.title,
    description: s.description,
    topics: s.topics,
    category: s.category,
    date: start.date,
    time: start.time,
    duration: String(s.duration_min),
    price: paiseToRupeesInput(s.price_paise),
    seats: String(s.seats),
    requiresApproval: s.requires_approval,
  }
}

export function startInstant(v: Pick<SessionFormValues, 'date' | 'time'>, timezone: string): Date | null {
  return zonedToUtc(v.date, v.time, timezone)
}

export function validateSession(
  v: SessionFormValues,
  timezone: string,
  { now = Date.now(), checkStart = true }: { now?: number; checkStart?: boolean } = {},
): SessionFormErrors {
  const e: SessionFormErrors = {}
  const title = v.title.trim()
  if (!title) e.title = 'Please add a title'
  else if (title.length < 3) e.title = 'Make the title at least 3 characters'
  else if (title.length > TITLE_MAX) e.title = `Keep the title under ${TITLE_MAX} characters`
  if (v.description.length > DESCRIPTION_MAX) e.description = `Keep the description under ${DESCRIPTION_MAX} characters`
  if (v.topics.length === 0) e.topics = 'Please add topics'
  else if (v.topics.length > TOPICS_MAX) e.topics = `Add at most ${TOPICS_MAX} topics`
  if (!v.category) e.category = 'Please choose a category'
  if (checkStart) {
    if (!v.date || !v.time) e.start = 'Please pick a start time'
    else if (!onQuarterHour(v.time)) e.start = 'Pick a time on a 15-minute step'
    else {
      const at = startInstant(v, timezone)
      if (!at) e.start = 'Please pick a start time'
      else if (at.getTime() <= now) e.start = 'Pick a start time in the future'
    }
  }
  const minutes = Number(v.duration)
  if (!Number.isInteger(minutes) || minutes < 15 || minutes > 240 || minutes % 15) e.duration = 'Choose a duration from 15 minutes to 4 hours'
  const price = rupeesToPaise(v.price)
  if (price === null) e.price = 'Please add a price (0 for a free session)'
  else if (Number.isNaN(price)) e.price = 'Enter a price in rupees, like 500'
  const seats = Number(v.seats)
  if (!/^\d+$/.test(v.seats.trim()) || seats < 1) e.seats = 'Offer at least 1 seat'
  // The room is a full-mesh video call of at most 5 people: the mentor and 4 learners (the API's cap).
  else if (seats > MAX_SEATS) e.seats = `At most ${MAX_SEATS} seats: the live room holds you and ${MAX_SEATS} learners`
  return e
}

export const MAX_SEATS = 4

export function toSessionInput(v: SessionFormValues, timezone: string, thumbnailKey?: string): SessionInput {
  const input: SessionInput = {
    title: v.title.trim(),
    description: v.description.trim(),
    topics: v.topics,
    category: v.category,
    starts_at: toApiTime(startInstant(v, timezone)!),
    duration_min: Number(v.duration),
    price_paise: rupeesToPaise(v.price) ?? 0,
    seats: Number(v.seats),
    requires_approval: v.requiresApproval,
  }
  if (thumbnailKey) input.thumbnail_key = thumbnailKey
  return input
}

/** Only what changed (PATCH). `locked` drops the fields that are frozen once someone booked. */
export function diffSession(before: Session, input: SessionInput, locked: boolean): Partial<SessionInput> {
  const patch: Partial<SessionInput> = {}
  if (input.title !== before.title) patch.title = input.title
  if (input.description !== before.description) patch.description = input.description
  if (input.topics.join('\n') !== before.topics.join('\n')) patch.topics = input.topics
  if (input.category !== before.category) patch.category = input.category
  if (input.requires_approval !== before.requires_approval) patch.requires_approval = input.requires_approval
  if (input.thumbnail_key) patch.thumbnail_key = input.thumbnail_key
  if (!locked) {
    if (Date.parse(input.starts_at) !== Date.parse(before.starts_at)) patch.starts_at = input.starts_at
    if (input.duration_min !== before.duration_min) patch.duration_min = input.duration_min
    if (input.price_paise !== before.price_paise) patch.price_paise = input.price_paise
    if (input.seats !== before.seats) patch.seats = input.seats
  }
  return patch
}

export function sessionFieldFromServer(key: string): keyof SessionFormErrors {
  const k = key.split('.').pop() ?? key
  const map: Record<string, keyof SessionFormErrors> = {
    starts_at: 'start',
    duration_min: 'duration',
    price_paise: 'price',
    requires_approval: 'requiresApproval',
    thumbnail_key: 'thumbnail',
  }
  return map[k] ?? (k as keyof SessionFormErrors)
}
