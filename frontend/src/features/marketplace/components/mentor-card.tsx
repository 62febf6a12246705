import { useId } from 'react'
import { Link } from 'react-router'
import { useSession } from '@/lib/auth'
import type { MentorCard as MentorCardData } from '@/lib/marketplace-types'
import { Avatar } from '@/components/ui/avatar'
import { MentorStatus } from '@/components/ui/live-status'
import { StatusChip } from '@/components/ui/status-chip'
import { useRequestIntent } from '../hooks/use-request-intent'
import { Rating } from './rating'

const quickClass =
  'lift inline-flex min-h-tap items-center justify-center rounded-[var(--radius-control)] bg-cta-strong px-4 font-semibold text-white hover:bg-cta-strong-hover'

/**
 * A mentor in the directory. Hovering (or focusing inside) expands a preview
 * with their domains, rating and "Quick Request ➤" (spec 000 §10.6); on touch
 * screens, which cannot hover, the preview is always open.
 */
export function MentorCard({ mentor }: { mentor: MentorCardData }) {
  const nameId = useId()
  const session = useSession()
  const askToSignUp = useRequestIntent()
  return (
    <article
      aria-labelledby={nameId}
      data-testid="mentor-card"
      className="group lift glass relative flex h-full flex-col gap-3 rounded-[var(--radius-card)] p-5"
    >
      <div className="flex items-center gap-4">
        <Avatar name={mentor.name} src={mentor.avatar_url} size={64} />
        <div className="min-w-0">
          <h2 id={nameId} className="text-lg font-bold text-ink">
            <Link to={`/mentors/${mentor.user_id}`} className="hover:text-primary hover:underline">
              {mentor.name}
            </Link>
          </h2>
          {mentor.is_demo ? <StatusChip className="mt-1">Demo</StatusChip> : null}
          <MentorStatus mentorId={mentor.user_id} className="mt-1" />
        </div>
      </div>
      {mentor.bio ? <p className="line-clamp-2 text-base text-ink-muted">{mentor.bio}</p> : null}
      <div
        data-testid="mentor-preview"
        className="grid gap-3 transition-all duration-300 [@media(hover:hover)]:max-h-0 [@media(hover:hover)]:overflow-hidden [@media(hover:hover)]:opacity-0 [@media(hover:hover)]:group-hover:max-h-72 [@media(hover:hover)]:group-hover:opacity-100 [@media(hover:hover)]:group-focus-within:max-h-72 [@media(hover:hover)]:group-focus-within:opacity-100"
      >
        {mentor.domains.length ? (
          <ul aria-label="Domains" className="flex flex-wrap gap-1.5">
            {mentor.domains.map((d) => (
              <li key={d} className="rounded-full bg-primary-soft px-2.5 py-0.5 text-base text-primary md:text-sm">
                {d}
              </li>
            ))}
          </ul>
        ) : null}
        <Rating rating={mentor.rating} />
        {session ? (
          <Link to={`/mentors/${mentor.user_id}?request=1`} aria-describedby={nameId} className={quickClass}>
            Quick Request ➤
          </Link>
        ) : (
          <button type="button" aria-describedby={nameId} onClick={() => askToSignUp(mentor)} className={quickClass}>
            Quick Request ➤
          </button>
        )}
      </div>
    </article>
  )
}
