// "Request Live ➤" form values and their rules (docs/api-marketplace.md, POST /requests).
import { rupeesToPaise } from '@/lib/money'
import type { RequestInput } from '@/lib/marketplace-types'
import { onQuarterHour, toApiTime, zonedToUtc } from '@/lib/timezone'

export interface RequestValues {
  title: string
  domain: string
  date: string
  time: string
  duration: string
  budget: string
  message: string
}

export const MESSAGE_MAX = 1000

export type RequestErrors = Partial<Record<keyof RequestValues | 'proposed', string>>

export function validateRequest(v: RequestValues, timezone: string, now: number = Date.now()): RequestErrors {
  const e: RequestErrors = {}
  const title = v.title.trim()
  if (!title) e.title = 'Please add a title'
  else if (title.length < 3 || title.length > 120) e.title = 'Keep the title between 3 and 120 characters'
  if (!v.domain) e.domain = 'Please choose a domain'
  if (!v.date || !v.time) e.proposed = 'Please pick a date and time'
  else if (!onQuarterHour(v.time)) e.proposed = 'Pick a time on a 15-minute step'
  else {
    const at = zonedToUtc(v.date, v.time, timezone)
    if (!at) e.proposed = 'Please pick a date and time'
    else if (at.getTime() <= now) e.proposed = 'Pick a time in the future'
  }
  const minutes = Number(v.duration)
  if (!Number.isInteger(minutes) || minutes < 15 || minutes > 240 || minutes % 15) e.duration = 'Choose a duration from 15 minutes to 4 hours'
  const budget = rupeesToPaise(v.budget)
  if (budget === null) e.budget = 'Please add a budget in ₹ (0 if you hope for a free session)'
  else if (Number.isNaN(budget)) e.budget = 'Enter an amount in rupees, like 500'
  if (v.message.length > MESSAGE_MAX) e.message = `Keep your message under ${MESSAGE_MAX} characters`
  return e
}

export function toRequestInput(mentorId: string, v: RequestValues, timezone: string): RequestInput {
  return {
    mentor_id: mentorId,
    title: v.title.trim(),
    domain: v.domain,
    proposed_at: toApiTime(zonedToUtc(v.date, v.time, timezone)!),
    duration_min: Number(v.duration),
    budget_paise: rupeesToPaise(v.budget) ?? 0,
    message: v.message.trim(),
  }
}

/** Server field names → form fields. */
export function requestFieldFromServer(key: string): keyof RequestErrors {
  const k = key.split('.').pop() ?? key
  if (k === 'proposed_at') return 'proposed'
  if (k === 'duration_min') return 'duration'
  if (k === 'budget_paise') return 'budget'
  return k as keyof RequestErrors
}
