import { useState } from 'react'
import { Link, useParams } from 'react-router'
import { usePageTitle } from '@/hooks/use-page-title'
import { errorMessage, isApiError } from '@/lib/api-client'
import { useTimezone } from '@/lib/auth'
import { formatDateTime } from '@/lib/format'
import { formatDuration } from '@/lib/timezone'
import { Button } from '@/components/ui/button'
import { EmptyState } from '@/components/ui/empty-state'
import { CheckIcon } from '@/components/ui/icons'
import { QueryStatus } from '@/components/ui/query-status'
import { PageSkeleton } from '@/components/ui/skeleton'
import { StatusChip } from '@/components/ui/status-chip'
import { fetchChatPage } from '../api/history'
import { usePack } from '../api/pack'
import type { PackOut, ResourceOut } from '../api/protocol'
import { ChatMessages } from './chat-panel'

function size(bytes: number) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`
}

function minutes(seconds: number) {
  const m = Math.round(seconds / 60)
  return m < 1 ? 'under a minute' : `${m} min`
}

/** /session/:roomCode/pack — what stays after the session, for its mentor and learners. */
export function PackPage() {
  const { roomCode = '' } = useParams()
  const pack = usePack(roomCode)
  usePageTitle(pack.data ? `Pack — ${pack.data.session.title}` : 'After-session pack')
  if (pack.isError && isApiError(pack.error) && pack.error.status === 409) {
    return (
      <section className="mx-auto max-w-3xl px-4 py-12">
        <EmptyState title="The pack is not ready yet" action={<Link to={`/session/${encodeURIComponent(roomCode)}`} className="font-semibold text-primary underline underline-offset-4">Back to the room</Link>}>
          It is put together when the session ends.
        </EmptyState>
      </section>
    )
  }
  return (
    <div className="mx-auto max-w-4xl space-y-6 px-4 py-8">
      <QueryStatus query={pack} what="the after-session pack" skeleton={<PageSkeleton label="Loading the pack" />} label="Loading the pack">
        {(data) => <Pack pack={data} roomCode={roomCode} />}
      </QueryStatus>
    </div>
  )
}

function Pack({ pack, roomCode }: { pack: PackOut; roomCode: string }) {
  const tz = useTimezone()
  const s = pack.session
  const covered = pack.topics.filter((t) => t.covered)
  const attendance = pack.attendance
  return (
    <>
      <header className="glass space-y-1 rounded-[var(--radius-card)] p-5">
        <p className="text-base font-semibold text-ink-muted">After-session pack</p>
        <h1 className="text-2xl font-extrabold text-primary md:text-3xl">{s.title}</h1>
        <p className="text-base text-ink-muted">
          {formatDateTime(s.starts_at, tz)} · {formatDuration(s.duration_min)} · with {s.mentor.name}
        </p>
      </header>

      <PackSection title="Topics covered" id="pack-topics">
        {pack.topics.length ? (
          <>
            <p className="text-base text-ink-muted">
              {covered.length} of {pack.topics.length} covered
            </p>
            <ul className="space-y-1">
              {pack.topics.map((t) => (
                <li key={t.index} className="flex items-center gap-2 text-base">
                  <span aria-hidden="true" className={`inline-flex size-6 items-center justify-center rounded-full border ${t.covered ? 'border-success bg-success text-white' : 'border-line'}`}>
                    {t.covered ? <CheckIcon size={16} /> : null}
                  </span>
                  <span className={t.covered ? 'text-ink' : 'text-ink-muted'}>{t.title}</span>
                  <span className="sr-only">{t.covered ? '(covered)' : '(not covered)'}</span>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="text-base text-ink-muted">This session had no topic list.</p>
        )}
      </PackSection>

      <PackSection title="Chat transcript" id="pack-chat">
        <Transcript pack={pack} roomCode={roomCode} />
      </PackSection>

      <PackSection title="Whiteboard snapshots" id="pack-snapshots">
        {pack.snapshots.length ? (
          <ul className="grid gap-3 sm:grid-cols-2">
            {pack.snapshots.map((r) => (
              <li key={r.resource_id} className="space-y-1">
                <a href={r.download_url} target="_blank" rel="noreferrer noopener">
                  <img src={r.download_url} alt={`Whiteboard snapshot ${r.filename}`} className="w-full rounded-[var(--radius-control)] border border-line bg-white" loading="lazy" />
                </a>
                {r.uploaded_at ? <p className="text-sm text-ink-muted">{formatDateTime(r.uploaded_at, tz)}</p> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-base text-ink-muted">No snapshot was saved.</p>
        )}
      </PackSection>

      <PackSection title="Resources" id="pack-resources">
        <Files items={pack.resources} empty="No files were shared." />
      </PackSection>

      <PackSection title="Recording" id="pack-recording">
        {pack.recordings.length ? (
          <ul className="space-y-2">
            {pack.recordings.map((r, i) => (
              <li key={r.recording_id} className="flex flex-wrap items-center gap-3 text-base">
                <span>Recording {pack.recordings.length > 1 ? i + 1 : ''}</span>
                {r.size_bytes ? <span className="text-ink-muted">{size(r.size_bytes)}</span> : null}
                {r.download_url ? (
                  <a href={r.download_url} className="font-semibold text-primary underline underline-offset-4" rel="noreferrer noopener">
                    Download
                  </a>
                ) : (
                  <StatusChip tone="pending">Processing</StatusChip>
                )}
              </li>
            ))}
            <li className="text-sm text-ink-muted">Download links are valid for 5 minutes; reload the page for a fresh one.</li>
          </ul>
        ) : (
          <p className="text-base text-ink-muted">This session was not recorded.</p>
        )}
      </PackSection>

      <PackSection title="Attendance" id="pack-attendance">
        {attendance.length ? (
          <ul className="space-y-3">
            {attendance.map((a) => (
              <li key={a.user_id} className="space-y-1">
                <p className="text-base font-semibold text-ink">
                  {a.name} <span className="font-normal text-ink-muted">({a.role === 'mentor' ? 'Mentor' : 'Learner'}) · {minutes(a.total_seconds)}</span>
                </p>
                <ul className="space-y-0.5 pl-4 text-base text-ink-muted">
                  {a.intervals.map((iv, i) => (
                    <li key={i}>
                      Joined {formatDateTime(iv.joined_at, tz)} — {iv.left_at ? `left ${formatDateTime(iv.left_at, tz)}` : 'did not leave before the end'}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-base text-ink-muted">Nobody joined the room.</p>
        )}
      </PackSection>
    </>
  )
}

function Transcript({ pack, roomCode }: { pack: PackOut; roomCode: string }) {
  const [more, setMore] = useState<{ items: PackOut['chat']; cursor: string | null }>({ items: [], cursor: pack.chat_next_cursor ?? null })
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const lines = [...pack.chat, ...more.items]
  if (!lines.length) return <p className="text-base text-ink-muted">No messages were sent.</p>
  return (
    <>
      <ChatMessages lines={lines} myId="" follow={false} />
      {more.cursor ? (
        <Button
          variant="secondary"
          loading={loading}
          onClick={async () => {
            setLoading(true)
            setError(null)
            try {
              const page = await fetchChatPage(roomCode, more.cursor!)
              setMore((m) => ({ items: [...m.items, ...page.items], cursor: page.next_cursor }))
            } catch (err) {
              setError(errorMessage(err, 'Could not load more messages.'))
            } finally {
              setLoading(false)
            }
          }}
        >
          Show more messages
        </Button>
      ) : null}
      {error ? <p role="alert" className="text-base text-danger">{error}</p> : null}
    </>
  )
}

function Files({ items, empty }: { items: ResourceOut[]; empty: string }) {
  if (!items.length) return <p className="text-base text-ink-muted">{empty}</p>
  return (
    <ul className="space-y-1">
      {items.map((r) => (
        <li key={r.resource_id} className="flex flex-wrap items-center gap-2 text-base">
          <a href={r.download_url} className="font-semibold text-primary underline underline-offset-4" rel="noreferrer noopener">
            {r.filename}
          </a>
          <span className="text-ink-muted">{size(r.size_bytes)}</span>
        </li>
      ))}
    </ul>
  )
}

function PackSection({ title, id, children }: { title: string; id: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="glass space-y-3 rounded-[var(--radius-card)] p-5">
      <h2 id={id} className="text-lg font-bold text-ink">
        {title}
      </h2>
      {children}
    </section>
  )
}
