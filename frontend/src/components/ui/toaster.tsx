import { useSyncExternalStore } from 'react'
import { cn } from '@/lib/cn'
import { dismissToast, toastStore, type Toast } from '@/lib/toast'
import { CloseIcon } from './icons'

const TONES: Record<Toast['tone'], string> = {
  info: 'border-primary/30',
  success: 'border-success/40',
  error: 'border-danger/50',
}

/**
 * Toasts, announced politely (errors assertively). Bottom-right on desktop,
 * above the bottom nav on mobile.
 */
export function Toaster() {
  const toasts = useSyncExternalStore(toastStore.subscribe, toastStore.getSnapshot, toastStore.getSnapshot)
  const polite = toasts.filter((t) => t.tone !== 'error')
  const urgent = toasts.filter((t) => t.tone === 'error')
  return (
    <div className="pointer-events-none fixed inset-x-0 bottom-20 z-[60] flex flex-col items-center gap-2 px-4 md:inset-x-auto md:bottom-6 md:right-6 md:items-end">
      <div role="status" aria-live="polite" aria-atomic="false" className="flex flex-col items-center gap-2 md:items-end">
        {polite.map((t) => (
          <ToastCard key={t.id} toast={t} />
        ))}
      </div>
      <div role="alert" aria-live="assertive" className="flex flex-col items-center gap-2 md:items-end">
        {urgent.map((t) => (
          <ToastCard key={t.id} toast={t} />
        ))}
      </div>
    </div>
  )
}

function ToastCard({ toast }: { toast: Toast }) {
  return (
    <div
      data-testid="toast"
      className={cn(
        'glass pointer-events-auto flex w-full max-w-sm animate-fade-in items-start gap-3 rounded-[var(--radius-card)] border-l-4 bg-surface/95 px-4 py-3',
        TONES[toast.tone],
      )}
    >
      <div className="flex-1">
        <p className={cn('text-base font-semibold', toast.tone === 'error' ? 'text-danger' : 'text-ink')}>
          {toast.message}
        </p>
        {toast.detail ? <p className="text-base text-ink-muted">{toast.detail}</p> : null}
      </div>
      <button
        type="button"
        aria-label="Dismiss notification"
        onClick={() => dismissToast(toast.id)}
        className="-m-2 inline-flex size-tap items-center justify-center rounded-full text-ink-muted hover:bg-accent-soft"
      >
        <CloseIcon size={18} />
      </button>
    </div>
  )
}
