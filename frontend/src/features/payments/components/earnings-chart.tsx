import { useId, useState } from 'react'
import { formatPaise } from '@/lib/money'
import type { EarningsDay } from '@/lib/payment-types'

const W = 640
const H = 220
const PAD = { top: 12, right: 8, bottom: 28, left: 8 }

function dayLabel(date: string, opts: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short' }) {
  // `date` is a calendar day in the mentor's timezone: format it as such (UTC noon avoids shifting).
  return new Intl.DateTimeFormat('en-IN', { ...opts, timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`))
}

/**
 * Earnings per day as stacked bars (sessions + gifts), hand-rolled SVG. The
 * chart is an image with a summary for screen readers; the same numbers are in
 * a visually hidden table, and each bar has a tooltip on hover/focus.
 */
export function EarningsChart({ days }: { days: EarningsDay[] }) {
  const titleId = useId()
  const [active, setActive] = useState<number | null>(null)
  const totals = days.map((d) => d.earned_paise + d.gifts_paise)
  const best = Math.max(0, ...totals)
  const max = Math.max(1, best)
  const sum = totals.reduce((a, b) => a + b, 0)
  const gifts = days.reduce((a, d) => a + d.gifts_paise, 0)
  const innerW = W - PAD.left - PAD.right
  const innerH = H - PAD.top - PAD.bottom
  const slot = innerW / Math.max(1, days.length)
  const barW = Math.max(2, slot * 0.7)
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH
  const labelEvery = Math.max(1, Math.ceil(days.length / 6))
  const summary = days.length
    ? `${formatPaise(sum)} earned from ${dayLabel(days[0]!.date)} to ${dayLabel(days[days.length - 1]!.date)}, including ${formatPaise(gifts)} in gifts. Best day: ${formatPaise(best)}.`
    : 'No days to show.'
  const a = active !== null ? days[active] : undefined
  return (
    <figure className="space-y-2">
      <div className="relative">
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={titleId} className="h-auto w-full">
          <title id={titleId}>{`Earnings per day. ${summary}`}</title>
          <line x1={PAD.left} x2={W - PAD.right} y1={PAD.top + innerH} y2={PAD.top + innerH} className="stroke-line" strokeWidth="1" />
          {days.map((d, i) => {
            const x = PAD.left + i * slot + (slot - barW) / 2
            const earnedTop = y(d.earned_paise)
            const totalTop = y(d.earned_paise + d.gifts_paise)
            return (
              <g key={d.date} onMouseEnter={() => setActive(i)} onMouseLeave={() => setActive(null)}>
                <rect x={PAD.left + i * slot} y={PAD.top} width={slot} height={innerH} fill="transparent" />
                <rect x={x} y={earnedTop} width={barW} height={PAD.top + innerH - earnedTop} rx="2" className="fill-primary" />
                {d.gifts_paise > 0 ? <rect x={x} y={totalTop} width={barW} height={earnedTop - totalTop} rx="2" className="fill-cta" /> : null}
                {i % labelEvery === 0 ? (
                  <text x={x + barW / 2} y={H - 8} textAnchor="middle" className="fill-ink-muted text-[11px]">
                    {dayLabel(d.date)}
                  </text>
                ) : null}
              </g>
            )
          })}
        </svg>
        {a ? (
          <div role="tooltip" className="pointer-events-none absolute right-2 top-2 rounded-[var(--radius-control)] bg-ink px-3 py-2 text-base text-white shadow">
            {dayLabel(a.date, { day: 'numeric', month: 'short', year: 'numeric' })}: {formatPaise(a.earned_paise)}
            {a.gifts_paise ? ` + ${formatPaise(a.gifts_paise)} gifts` : ''}
          </div>
        ) : null}
      </div>
      <figcaption className="flex flex-wrap items-center gap-4 text-base text-ink-muted">
        <span className="inline-flex items-center gap-2">
          <span aria-hidden="true" className="size-3 rounded-sm bg-primary" /> Sessions
        </span>
        <span className="inline-flex items-center gap-2">
          <span aria-hidden="true" className="size-3 rounded-sm bg-cta" /> Gifts
        </span>
        <span>{summary}</span>
      </figcaption>
      <table className="sr-only">
        <caption>Earnings per day</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Your share</th>
            <th scope="col">Gifts</th>
          </tr>
        </thead>
        <tbody>
          {days
            .filter((d) => d.earned_paise || d.gifts_paise)
            .map((d) => (
              <tr key={d.date}>
                <td>{dayLabel(d.date, { day: 'numeric', month: 'short', year: 'numeric' })}</td>
                <td>{formatPaise(d.earned_paise)}</td>
                <td>{formatPaise(d.gifts_paise)}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </figure>
  )
}
