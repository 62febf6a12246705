import { useId, useState, type FormEvent, type KeyboardEvent } from 'react'
import { errorMessage } from '@/lib/api-client'
import { cn } from '@/lib/cn'
import { Button } from '@/components/ui/button'
import { FormAlert } from '@/components/ui/form-alert'
import { MAX_MESSAGE_CHARS } from '../api/conversations'
import { charCount } from '../utils/ticks'

/** Enter sends, Shift+Enter starts a new line; the 4,000-character limit is counted as you type. */
export function Composer({ onSend, disabled, peerName }: { onSend: (text: string) => Promise<unknown>; disabled?: boolean; peerName: string }) {
  const [text, setText] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [sending, setSending] = useState(false)
  const id = useId()
  const count = charCount(text)
  const over = count > MAX_MESSAGE_CHARS
  const canSend = count > 0 && !over && !sending && !disabled

  const send = async () => {
    if (!canSend) return
    setProblem(null)
    setSending(true)
    try {
      await onSend(text.trim())
      setText('')
    } catch (err) {
      setProblem(errorMessage(err))
    } finally {
      setSending(false)
    }
  }
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault()
      void send()
    }
  }
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    void send()
  }
  return (
    <form onSubmit={onSubmit} aria-label={`Message ${peerName}`} className="space-y-2 border-t border-line pt-3">
      <FormAlert>{problem}</FormAlert>
      <label htmlFor={id} className="sr-only">
        Message to {peerName}
      </label>
      <textarea
        id={id}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        rows={2}
        disabled={disabled}
        placeholder={disabled ? 'Messaging is off in this conversation' : 'Write a message…'}
        aria-describedby={`${id}-count`}
        aria-invalid={over || undefined}
        className="block w-full resize-y rounded-[var(--radius-control)] border border-line bg-surface px-3 py-2 text-base text-ink focus:border-accent focus:outline-none focus:ring-2 focus:ring-accent"
      />
      <div className="flex items-center justify-between gap-3">
        <p id={`${id}-count`} className={cn('text-sm', over ? 'font-semibold text-danger' : 'text-ink-muted')} aria-live="polite">
          {over
            ? `${count.toLocaleString('en-IN')} / ${MAX_MESSAGE_CHARS.toLocaleString('en-IN')} — too long`
            : `${count.toLocaleString('en-IN')} / ${MAX_MESSAGE_CHARS.toLocaleString('en-IN')}`}
          <span className="sr-only"> characters. Enter sends, Shift+Enter adds a line.</span>
        </p>
        <Button type="submit" variant="cta" loading={sending} disabled={!canSend}>
          Send
        </Button>
      </div>
    </form>
  )
}
