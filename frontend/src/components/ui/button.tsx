import {
  useCallback,
  useEffect,
  useRef,
  type ButtonHTMLAttributes,
  type MouseEvent,
  type Ref,
} from 'react'
import { cn } from '@/lib/cn'
import { spawnRipple } from '@/lib/ripple'
import { Spinner } from './spinner'

export type ButtonVariant = 'cta' | 'primary' | 'secondary' | 'ghost' | 'danger' | 'icon'
type Size = 'md' | 'lg'

const VARIANTS: Record<ButtonVariant, string> = {
  // Text-bearing CTA uses the darker orange (white text 5.19:1), see tokens.css.
  cta: 'bg-cta-strong text-white hover:bg-cta-strong-hover shadow-sm',
  primary: 'bg-primary text-white hover:bg-primary-hover shadow-sm',
  secondary: 'bg-surface text-primary border border-line hover:border-accent hover:bg-accent-soft',
  ghost: 'bg-transparent text-ink hover:bg-accent-soft',
  danger: 'bg-danger text-white hover:brightness-95',
  icon: 'bg-transparent text-ink hover:bg-accent-soft rounded-full !min-w-tap !px-0 justify-center',
}

const SIZES: Record<Size, string> = {
  md: 'min-h-tap px-4 text-base',
  lg: 'min-h-12 px-6 text-lg',
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant
  size?: Size
  loading?: boolean
  /**
   * Ignore repeated clicks within this many ms (a double click is one action).
   * While `loading` every click is ignored. Submit buttons default to 0: their
   * form guards itself with a pending state, and the API client never sends an
   * identical mutation twice while the first is in flight.
   */
  debounceMs?: number
  ref?: Ref<HTMLButtonElement>
}

export function Button({
  variant = 'primary',
  size = 'md',
  loading = false,
  debounceMs,
  className,
  type = 'button',
  disabled,
  onClick,
  onPointerDown,
  children,
  ref,
  ...rest
}: ButtonProps) {
  const windowMs = debounceMs ?? (type === 'submit' ? 0 : 300)
  const lastClick = useRef(0)
  // Once an action has finished (loading went back to false) the next click
  // is a deliberate retry, not a double click: let it through at once.
  useEffect(() => {
    if (!loading) lastClick.current = 0
  }, [loading])
  const handleClick = useCallback(
    (e: MouseEvent<HTMLButtonElement>) => {
      if (loading) {
        e.preventDefault()
        return
      }
      const now = Date.now()
      if (windowMs > 0 && now - lastClick.current < windowMs) {
        e.preventDefault()
        return
      }
      lastClick.current = now
      onClick?.(e)
    },
    [windowMs, loading, onClick],
  )
  return (
    <button
      ref={ref}
      type={type}
      disabled={disabled}
      aria-busy={loading || undefined}
      aria-disabled={loading || undefined}
      onClick={handleClick}
      onPointerDown={(e) => {
        if (!disabled) spawnRipple(e)
        onPointerDown?.(e)
      }}
      className={cn(
        'lift relative inline-flex min-w-tap select-none items-center justify-center gap-2 overflow-hidden rounded-[var(--radius-control)] font-semibold',
        'disabled:cursor-not-allowed disabled:opacity-60',
        VARIANTS[variant],
        SIZES[size],
        className,
      )}
      {...rest}
    >
      {loading ? <Spinner size={18} label="" /> : null}
      {children}
    </button>
  )
}
