import { rupeesToPaise } from '@/lib/money'
import { onQuarterHour, zonedToUtc } from '@/lib/timezone'

export interface OfferValues {
  date: string
  time: string
  budget: string
  message: string
}

/** "Modify & Reply" rules: a future time on a 15-minute step, a budget in rupees. */
export function validateOffer(v: OfferValues, timezone: string, now: number = Date.now()) {
  const e: Partial<Record<'start' | 'budget', string>> = {}
  const at = v.date && v.time ? zonedToUtc(v.date, v.time, timezone) : null
  if (!at) e.start = 'Please pick a date and time'
  else if (!onQuarterHour(v.time)) e.start = 'Pick a time on a 15-minute step'
  else if (at.getTime() <= now) e.start = 'Pick a time in the future'
  const budget = rupeesToPaise(v.budget)
  if (budget === null) e.budget = 'Please add a budget (0 for free)'
  else if (Number.isNaN(budget)) e.budget = 'Enter an amount in rupees, like 500'
  return e
}
