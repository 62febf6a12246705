import { useId, useRef, type ReactNode } from 'react'
import { createPortal } from 'react-dom'
import { useBodyScrollLock } from '@/hooks/use-body-scroll-lock'
import { useFocusTrap } from '@/hooks/use-focus-trap'
import { useSwipeToDismiss } from '@/hooks/use-swipe'
import { cn } from '@/lib/cn'
import { CloseIcon } from './icons'
import { ProgressBar } from './progress-bar'

/**
 * A slide-up sheet (~80 % of the viewport). Drag the handle (or the header)
 * down to dismiss; Escape, the backdrop and ✕ also close it. An optional
 * progress indicator sits under the handle (e.g. step 2 of 3).
 */
export function BottomSheet({
  open,
  onClose,
  title,
  description,
  progress,
  className,
  children,
}: {
  open: boolean
  onClose: () => void
  title: string
  description?: string
  progress?: { value: number; max: number; label: string }
  /** Extra classes for the panel (e.g. a max width on desktop). */
  className?: string
  children: ReactNode
}) {
  const ref = useRef<HTMLDivElement>(null)
  const titleId = useId()
  const descId = useId()
  const swipe = useSwipeToDismiss('down', onClose, 100)
  useFocusTrap(ref, open, onClose)
  useBodyScrollLock(open)
  if (!open) return null
  return createPortal(
    <div className="fixed inset-0 z-50">
      <div
        className="absolute inset-0 animate-fade-in bg-ink/50"
        aria-hidden="true"
        onClick={onClose}
        style={{ opacity: Math.max(0.2, 1 - swipe.offset / 400) }}
      />
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descId : undefined}
        tabIndex={-1}
        data-testid="bottom-sheet"
        className={cn('absolute inset-x-0 bottom-0 flex h-[80dvh] animate-slide-up flex-col rounded-t-3xl bg-surface shadow-2xl', className)}
        style={{
          transform: swipe.offset ? `translateY(${swipe.offset}px)` : undefined,
          transition: swipe.offset ? 'none' : 'transform 0.2s ease',
        }}
      >
        <div
          className="touch-none select-none px-5 pt-2"
          data-testid="bottom-sheet-handle"
          {...swipe.handlers}
        >
          <div className="mx-auto mb-3 h-1.5 w-12 rounded-full bg-line" aria-hidden="true" />
          {progress ? <ProgressBar {...progress} /> : null}
          <div className="flex items-start justify-between gap-3 pt-3">
            <div>
              <h2 id={titleId} className="text-xl font-bold text-primary">
                {title}
              </h2>
              {description ? (
                <p id={descId} className="text-base text-ink-muted">
                  {description}
                </p>
              ) : null}
            </div>
            <button
              type="button"
              aria-label="Close"
              onClick={onClose}
              className="inline-flex size-tap shrink-0 items-center justify-center rounded-full hover:bg-accent-soft"
            >
              <CloseIcon />
            </button>
          </div>
        </div>
        <div className="flex-1 overflow-y-auto overscroll-contain px-5 pb-[max(1.25rem,env(safe-area-inset-bottom))] pt-3">
          {children}
        </div>
      </div>
    </div>,
    document.body,
  )
}
