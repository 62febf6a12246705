import type { ReactNode } from 'react'
import { Link } from 'react-router'
import type { Me } from '@/lib/api-types'
import { useMe, useSession, useTimezone } from '@/lib/auth'
import { formatDateTime } from '@/lib/format'
import { Avatar } from '@/components/ui/avatar'
import { RetryPrompt } from '@/components/ui/query-status'
import { Skeleton } from '@/components/ui/skeleton'
import { useDelayedFlag } from '@/hooks/use-delayed-flag'

/** "Welcome, <name>" with the avatar; the name shows at once from the session. */
export function WelcomeHeader({ subtitle }: { subtitle: string }) {
  const session = useSession()
  const me = useMe()
  const name = me.data?.name ?? session?.user.name ?? ''
  return (
    <header className="flex items-center gap-4">
      <Avatar name={name} src={me.data?.avatar_url} size={56} />
      <div>
        <h1 className="text-3xl font-extrabold text-primary">Welcome, {name}</h1>
        <p className="text-base text-ink-muted">{subtitle}</p>
      </div>
    </header>
  )
}

export function Section({
  title,
  children,
  action,
}: {
  title: string
  children: ReactNode
  action?: ReactNode
}) {
  const id = `section-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`
  return (
    <section aria-labelledby={id} className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={id} className="text-xl font-bold text-ink">
          {title}
        </h2>
        {action}
      </div>
      {children}
    </section>
  )
}

export function Chips({ items, empty }: { items: string[] | undefined; empty: string }) {
  if (!items || items.length === 0) return <p className="text-base text-ink-muted">{empty}</p>
  return (
    <ul className="flex flex-wrap gap-2">
      {items.map((i) => (
        <li key={i} className="rounded-full bg-primary-soft px-3 py-1 text-base font-medium text-primary">
          {i}
        </li>
      ))}
    </ul>
  )
}

function Row({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    <div className={className ? `space-y-1 ${className}` : 'space-y-1'}>
      <dt className="text-base font-semibold text-ink-muted">{label}</dt>
      <dd className="text-base text-ink">{children}</dd>
    </div>
  )
}

/** The user's own profile data from GET /me. */
export function ProfileCard() {
  const me = useMe()
  const tz = useTimezone()
  const slow = useDelayedFlag(me.isPending, 1000)
  if (me.isError && !me.data) return <RetryPrompt query={me} what="your profile" />
  if (!me.data) {
    return slow ? <Skeleton className="h-48" /> : <div className="h-48" aria-busy="true" />
  }
  const data: Me = me.data
  return (
    <div className="glass space-y-4 rounded-[var(--radius-card)] p-5">
      <div className="flex items-center justify-between gap-2">
        <h2 className="text-xl font-bold text-ink">Your profile</h2>
        <Link
          to="/profile"
          className="inline-flex min-h-tap items-center rounded-[var(--radius-control)] px-3 font-semibold text-primary hover:bg-accent-soft"
        >
          Edit profile
        </Link>
      </div>
      <dl className="grid gap-4 sm:grid-cols-2">
        <Row label="Email">{data.email}</Row>
        <Row label="Timezone">{data.timezone}</Row>
        <Row label="Member since">{formatDateTime(data.created_at, tz, { dateStyle: 'medium' })}</Row>
        {data.role === 'learner' ? (
          <>
            <Row label="Career goal">{data.profile.career_goal || 'Not set yet'}</Row>
            <Row label="Interests">
              <Chips items={data.profile.interests} empty="No interests added yet." />
            </Row>
            <Row label="Categories">
              <Chips items={data.profile.categories} empty="No categories chosen yet." />
            </Row>
          </>
        ) : null}
        {data.role === 'mentor' ? (
          <>
            <Row label="Domains">
              <Chips items={data.profile.domains} empty="No domains added yet." />
            </Row>
            <Row label="Skills">
              <Chips items={data.profile.skills} empty="No skills added yet." />
            </Row>
            <Row label="Certifications">
              <Chips items={data.profile.certifications} empty="None added." />
            </Row>
            <Row label="Intro video">{data.profile.intro_video_url ? 'Uploaded' : 'Not uploaded yet'}</Row>
            <Row label="Bio" className="sm:col-span-2">
              <span className="whitespace-pre-line">{data.profile.bio || 'No bio yet.'}</span>
            </Row>
          </>
        ) : null}
        {data.role === 'admin' ? <Row label="Sign-in">Password + authenticator code</Row> : null}
      </dl>
    </div>
  )
}
