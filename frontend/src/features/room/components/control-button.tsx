import { useId, useState, type ReactNode } from 'react'
import { cn } from '@/lib/cn'

/**
 * A toolbar control: a ≥ 44 px round button with an ARIA label (naming its
 * shortcut through aria-keyshortcuts) and a tooltip shown on mouse hover and keyboard focus.
 */
export function ControlButton({
  label,
  shortcut,
  onClick,
  pressed,
  danger,
  disabled,
  badge,
  children,
}: {
  label: string
  shortcut?: string
  onClick: () => void
  pressed?: boolean
  danger?: boolean
  disabled?: boolean
  badge?: ReactNode
  children: ReactNode
}) {
  const tipId = useId()
  const [tip, setTip] = useState(false)
  return (
    <span className="relative inline-flex">
      <button
        type="button"
        aria-label={label}
        aria-pressed={pressed}
        aria-keyshortcuts={shortcut}
        aria-describedby={tipId}
        disabled={disabled}
        onClick={onClick}
        // A mouse hover or keyboard focus shows the tip; a tap on a phone does not (it would sit over
        // the panel the tap just opened, naming a shortcut a phone has no keyboard for).
        onPointerEnter={(e) => setTip(e.pointerType === 'mouse')}
        onPointerLeave={() => setTip(false)}
        onFocus={(e) => setTip(focusVisible(e.currentTarget))}
        onBlur={() => setTip(false)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setTip(false)
        }}
        className={cn(
          'relative inline-flex size-12 items-center justify-center rounded-full border transition disabled:opacity-50',
          danger
            ? 'border-danger bg-danger text-white hover:brightness-110'
            : pressed
              ? 'border-white bg-white text-ink hover:bg-accent-soft'
              : 'border-white/30 bg-white/10 text-white hover:bg-white/20',
        )}
      >
        {children}
        {badge}
      </button>
      <span
        id={tipId}
        role="tooltip"
        hidden={!tip}
        className="pointer-events-none absolute bottom-full left-1/2 z-40 mb-2 -translate-x-1/2 whitespace-nowrap rounded-lg bg-ink px-3 py-1.5 text-sm font-medium text-white shadow-lg"
      >
        {label}
        {shortcut ? <kbd className="ml-2 rounded border border-white/40 px-1 font-mono text-xs">{shortcut}</kbd> : null}
      </span>
    </span>
  )
}

function focusVisible(el: Element): boolean {
  try {
    return el.matches(':focus-visible')
  } catch {
    return true // an engine without :focus-visible: show it on every focus, as before
  }
}
