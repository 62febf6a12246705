import { useMemo, useState, type ReactNode } from 'react'
import { useNavigate } from 'react-router'
import { MOBILE_QUERY, useMediaQuery } from '@/hooks/use-media-query'
import { spawnRipple } from '@/lib/ripple'
import { BottomSheet } from '@/components/ui/bottom-sheet'
import { BookIcon, StarIcon } from '@/components/ui/icons'
import { Modal } from '@/components/ui/modal'
import { AuthSelectorContext } from './auth-selector-context'

const TITLE = 'How will you use PeerLearn?'
const DESCRIPTION = 'Pick one to start. You can explore sessions either way.'

/** Provides the Auth Selector: a modal on desktop, a bottom sheet on mobile. */
export function AuthSelectorProvider({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false)
  const api = useMemo(() => ({ open: () => setOpen(true), close: () => setOpen(false) }), [])
  const mobile = useMediaQuery(MOBILE_QUERY)
  const body = <RoleCards onPicked={() => setOpen(false)} />
  return (
    <AuthSelectorContext.Provider value={api}>
      {children}
      {mobile ? (
        <BottomSheet open={open} onClose={api.close} title={TITLE} description={DESCRIPTION}>
          {body}
        </BottomSheet>
      ) : (
        <Modal open={open} onClose={api.close} title={TITLE} description={DESCRIPTION}>
          {body}
        </Modal>
      )}
    </AuthSelectorContext.Provider>
  )
}

function RoleCards({ onPicked }: { onPicked: () => void }) {
  const navigate = useNavigate()
  const go = (to: string) => {
    onPicked()
    navigate(to)
  }
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <RoleCard
        name="I'm a Learner"
        descId="role-learner-desc"
        title="Learner"
        text="Book live one-to-one sessions, request a topic from a mentor and track your progress."
        icon={<BookIcon size={28} />}
        onClick={() => go('/signup/learner')}
      />
      <RoleCard
        name="I'm a Mentor"
        descId="role-mentor-desc"
        title="Mentor"
        text="Publish sessions, answer learner requests, teach live and get paid in INR."
        icon={<StarIcon size={28} />}
        onClick={() => go('/signup/mentor')}
      />
    </div>
  )
}

function RoleCard({
  name,
  descId,
  title,
  text,
  icon,
  onClick,
}: {
  name: string
  descId: string
  title: string
  text: string
  icon: ReactNode
  onClick: () => void
}) {
  // "Stretched button": the button's own text is exactly its name ("I'm a
  // Learner", WCAG 2.5.3), and an ::after layer makes the whole card clickable.
  return (
    <div
      onPointerDown={spawnRipple}
      className="lift glass relative flex min-h-40 flex-col items-start gap-3 overflow-hidden rounded-[var(--radius-card)] p-5 text-left hover:border-accent has-[:focus-visible]:outline has-[:focus-visible]:outline-3 has-[:focus-visible]:outline-accent"
    >
      <span className="inline-flex size-12 items-center justify-center rounded-full bg-primary-soft text-primary">
        {icon}
      </span>
      <button
        type="button"
        aria-describedby={descId}
        onClick={onClick}
        className="text-xl font-bold text-primary outline-none focus-visible:shadow-none after:absolute after:inset-0 after:content-['']"
      >
        {name.replace(title, '')}
        <span className="text-cta-strong">{title}</span>
      </button>
      <span id={descId} className="text-base text-ink-muted">
        {text}
      </span>
    </div>
  )
}
