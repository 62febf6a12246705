import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { useTimezone } from '@/lib/auth'
import { formatDateTime } from '@/lib/format'
import { Button } from '@/components/ui/button'
import { cn } from '@/lib/cn'
import { LIMITS } from '../api/protocol'
import { checkChat, type ChatLine } from '../lib/chat'


/** The room's chat. Messages are React text nodes — never HTML. */
export function ChatMessages({ lines, myId, follow = true }: { lines: ChatLine[]; myId: string; follow?: boolean }) {
  const end = useRef<HTMLLIElement>(null)
  const tz = useTimezone()
  useEffect(() => {
    if (follow) end.current?.scrollIntoView?.({ block: 'nearest' })
  }, [lines.length, follow])
  if (!lines.length) return <p className="text-base text-ink-muted">No messages yet. Say hello!</p>
  return (
    <ol aria-label="Messages" className="space-y-2">
      {lines.map((m) => {
        const mine = m.sender_id === myId
        return (
          <li key={m.message_id} className={cn('flex flex-col', mine ? 'items-end' : 'items-start')}>
            <span className="text-sm text-ink-muted">
              {mine ? 'You' : m.sender_name}
              {m.sender_role === 'mentor' && !mine ? ' (mentor)' : ''} · {formatDateTime(m.sent_at, tz, { timeStyle: 'short' })}
              {m.pending ? (m.failed ? ' · not sent' : ' · sending…') : ''}
            </span>
            <p
              data-testid="chat-text"
              className={cn(
                'max-w-[85%] whitespace-pre-wrap break-words rounded-2xl px-3 py-2 text-base',
                mine ? 'bg-primary text-white' : 'bg-surface text-ink ring-1 ring-line',
              )}
            >
              {m.text}
            </p>
          </li>
        )
      })}
      <li ref={end} aria-hidden="true" />
    </ol>
  )
}

export function ChatPanel({ lines, myId, onSend, onRetry }: { lines: ChatLine[]; myId: string; onSend: (text: string) => boolean; onRetry: (clientId: string) => void }) {
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const inputId = useId()
  const failed = lines.filter((l) => l.failed && l.client_id)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const problem = checkChat(text)
    if (problem) {
      setError(problem)
      return
    }
    setError(null)
    onSend(text)
    setText('')
  }
  return (
    <div className="flex h-full min-h-0 flex-col gap-3">
      <div className="min-h-0 flex-1 overflow-y-auto pr-1" aria-live="polite" aria-relevant="additions">
        <ChatMessages lines={lines} myId={myId} />
      </div>
      {failed.length ? (
        <Button variant="secondary" onClick={() => failed.forEach((l) => onRetry(l.client_id!))}>
          Send again ({failed.length})
        </Button>
      ) : null}
      <form onSubmit={submit} className="flex gap-2" noValidate>
        <label htmlFor={inputId} className="sr-only">
          Message
        </label>
        <textarea
          id={inputId}
          rows={1}
          value={text}
          maxLength={LIMITS.chatMaxChars + 200}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) submit(e)
          }}
          placeholder="Write a message…"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${inputId}-err` : undefined}
          className="min-h-tap flex-1 resize-none rounded-[var(--radius-control)] border border-line bg-surface px-3 py-2 text-base"
        />
        <Button type="submit">Send</Button>
      </form>
      {error ? (
        <p id={`${inputId}-err`} role="alert" className="text-base text-danger">
          {error}
        </p>
      ) : null}
    </div>
  )
}
