import { useRef, type ReactNode } from 'react'
import { createPortal } from 'react-dom'
import { useBodyScrollLock } from '@/hooks/use-body-scroll-lock'
import { useFocusTrap } from '@/hooks/use-focus-trap'
import { useSwipeToDismiss } from '@/hooks/use-swipe'
import { CloseIcon } from '@/components/ui/icons'

/**
 * Full-height menu sliding in from the right (mobile). Swipe right, Escape,
 * the backdrop or ✕ close it.
 */
export function MobileMenu({
  open,
  onClose,
  children,
}: {
  open: boolean
  onClose: () => void
  children: ReactNode
}) {
  const ref = useRef<HTMLDivElement>(null)
  const swipe = useSwipeToDismiss('right', onClose, 80)
  useFocusTrap(ref, open, onClose)
  useBodyScrollLock(open)
  if (!open) return null
  return createPortal(
    <div className="fixed inset-0 z-50 md:hidden">
      <div className="absolute inset-0 animate-fade-in bg-ink/50" aria-hidden="true" onClick={onClose} />
      <div
        ref={ref}
        id="mobile-menu"
        role="dialog"
        aria-modal="true"
        aria-label="Menu"
        tabIndex={-1}
        data-testid="mobile-menu"
        className="absolute inset-y-0 right-0 flex w-[88vw] max-w-sm animate-slide-in-right flex-col bg-canvas/95 shadow-2xl backdrop-blur-md"
        style={{
          transform: swipe.offset ? `translateX(${swipe.offset}px)` : undefined,
          transition: swipe.offset ? 'none' : 'transform 0.2s ease',
          touchAction: 'pan-y',
        }}
        {...swipe.handlers}
      >
        <div className="flex justify-end p-3">
          <button
            type="button"
            aria-label="Close menu"
            onClick={onClose}
            className="inline-flex size-tap items-center justify-center rounded-full hover:bg-accent-soft"
          >
            <CloseIcon />
          </button>
        </div>
        <nav aria-label="Mobile" className="flex-1 overflow-y-auto px-4 pb-6">
          {children}
        </nav>
      </div>
    </div>,
    document.body,
  )
}

export function MobileMenuItem({
  children,
  index = 0,
}: {
  children: ReactNode
  index?: number
}) {
  return (
    <li className="animate-fade-in" style={{ animationDelay: `${index * 0.1}s`, animationFillMode: 'both' }}>
      {children}
    </li>
  )
}

export const mobileMenuLinkClass =
  'flex min-h-12 w-full items-center gap-3 rounded-[var(--radius-control)] px-3 text-lg font-semibold text-ink hover:bg-accent-soft aria-[current=page]:text-primary aria-[current=page]:bg-primary-soft'
