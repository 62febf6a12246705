import { Link } from 'react-router'
import { cn } from '@/lib/cn'

function Mark({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="#1E3A8A" />
      <circle cx="11" cy="13" r="4" fill="#FFFFFF" />
      <circle cx="21" cy="13" r="4" fill="#FF5734" />
      <path
        d="M6 25c1-4 3.5-6 5-6s4 2 5 6m0 0c1-4 3.5-6 5-6s4 2 5 6"
        stroke="#FFFFFF"
        strokeWidth="2"
        fill="none"
        strokeLinecap="round"
      />
    </svg>
  )
}

/** Logo linking home. `mini` shows only the mark on small screens. */
export function Logo({ to = '/', mini = false }: { to?: string; mini?: boolean }) {
  return (
    <Link
      to={to}
      aria-label="PeerLearn home"
      className="inline-flex min-h-tap min-w-tap items-center justify-center gap-2 rounded-lg pr-1 transition-transform hover:rotate-[-2deg]"
    >
      <Mark />
      <span className={cn('text-xl font-extrabold tracking-tight text-primary', mini && 'hidden sm:inline')}>
        PeerLearn
      </span>
    </Link>
  )
}
