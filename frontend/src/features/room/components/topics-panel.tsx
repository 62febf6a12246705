import { formatRelative } from '@/lib/format'
import type { Topic } from '../api/protocol'
import { CheckIcon } from '@/components/ui/icons'

/** The session's topics: the mentor ticks them as covered, learners see it live. */
export function TopicsPanel({ topics, canEdit, onToggle, busy }: { topics: Topic[]; canEdit: boolean; onToggle: (t: Topic) => void; busy: number | null }) {
  if (!topics.length) return <p className="text-base text-ink-muted">This session has no topic list.</p>
  const done = topics.filter((t) => t.covered).length
  return (
    <div className="space-y-3">
      <p className="text-base text-ink-muted">
        {done} of {topics.length} covered
      </p>
      <ul aria-label="Topics" className="space-y-2">
        {topics.map((t) => (
          <li key={t.index}>
            {canEdit ? (
              <label className="flex min-h-tap cursor-pointer items-center gap-3 rounded-[var(--radius-control)] px-2 hover:bg-accent-soft">
                <input type="checkbox" className="size-5" checked={t.covered} aria-busy={busy === t.index || undefined} onChange={() => onToggle(t)} />
                <span className={t.covered ? 'text-ink-muted line-through' : 'text-ink'}>{t.title}</span>
              </label>
            ) : (
              <div className="flex min-h-tap items-center gap-3 px-2" aria-label={`${t.title}: ${t.covered ? 'covered' : 'not yet covered'}`}>
                <span aria-hidden="true" className={`inline-flex size-6 items-center justify-center rounded-full border ${t.covered ? 'border-success bg-success text-white' : 'border-line'}`}>
                  {t.covered ? <CheckIcon size={16} /> : null}
                </span>
                <span className={t.covered ? 'text-ink-muted line-through' : 'text-ink'}>{t.title}</span>
                {t.covered && t.covered_at ? <span className="ml-auto text-sm text-ink-muted">{formatRelative(t.covered_at)}</span> : null}
              </div>
            )}
          </li>
        ))}
      </ul>
    </div>
  )
}
