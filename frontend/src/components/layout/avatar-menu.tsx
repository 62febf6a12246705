import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import { Link } from 'react-router'
import { useLogout, useMe, useSession } from '@/lib/auth'
import { dashboardPath } from '@/lib/auth-store'
import { Avatar } from '@/components/ui/avatar'
import { CogIcon, HomeIcon, LogoutIcon, UserIcon } from '@/components/ui/icons'

/**
 * The signed-in user's avatar button with a small account panel. A disclosure
 * (button + panel of links/buttons), so "Log out" stays a real button; arrow
 * keys move between the entries and Escape closes.
 */
export function AvatarMenu() {
  const session = useSession()
  const { data: me } = useMe()
  const logout = useLogout()
  const [open, setOpen] = useState(false)
  const menuId = useId()
  const wrapper = useRef<HTMLDivElement>(null)
  const button = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    if (!open) return
    const onDown = (e: PointerEvent) => {
      if (!wrapper.current?.contains(e.target as Node)) setOpen(false)
    }
    document.addEventListener('pointerdown', onDown)
    return () => document.removeEventListener('pointerdown', onDown)
  }, [open])

  useEffect(() => {
    if (open) wrapper.current?.querySelector<HTMLElement>('[data-menu-item]')?.focus()
  }, [open])

  if (!session) return null
  const name = me?.name ?? session.user.name
  const close = () => {
    setOpen(false)
    button.current?.focus()
  }
  const onMenuKey = (e: KeyboardEvent) => {
    const items = Array.from(wrapper.current?.querySelectorAll<HTMLElement>('[data-menu-item]') ?? [])
    const i = items.indexOf(document.activeElement as HTMLElement)
    if (e.key === 'Escape') {
      e.preventDefault()
      close()
    } else if (e.key === 'ArrowDown') {
      e.preventDefault()
      items[(i + 1) % items.length]?.focus()
    } else if (e.key === 'ArrowUp') {
      e.preventDefault()
      items[(i - 1 + items.length) % items.length]?.focus()
    }
  }
  const itemClass =
    'flex min-h-tap w-full items-center gap-3 rounded-lg px-3 text-left text-base font-medium text-ink hover:bg-accent-soft focus-visible:bg-accent-soft'

  return (
    <div
      ref={wrapper}
      className="relative"
      onBlur={(e) => {
        if (open && e.relatedTarget && !wrapper.current?.contains(e.relatedTarget as Node)) setOpen(false)
      }}
    >
      <button
        ref={button}
        type="button"
        aria-label="Account menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault()
            setOpen(true)
          }
        }}
        className="inline-flex size-tap items-center justify-center rounded-full hover:ring-2 hover:ring-accent"
      >
        <Avatar name={name} src={me?.avatar_url} size={36} />
      </button>
      {open ? (
        <div
          id={menuId}
          role="group"
          aria-label={`Account: ${name}`}
          onKeyDown={onMenuKey}
          className="absolute right-0 top-full z-50 mt-2 w-64 animate-fade-in rounded-[var(--radius-card)] border border-line bg-surface p-2 shadow-[var(--shadow-lift)]"
        >
          <div className="px-3 py-2">
            <p className="text-base font-semibold text-ink">{name}</p>
            <p className="truncate text-base text-ink-muted md:text-sm">{me?.email ?? session.user.role}</p>
          </div>
          <Link data-menu-item to={dashboardPath(session.user.role)} className={itemClass} onClick={() => setOpen(false)}>
            <HomeIcon size={20} /> Dashboard
          </Link>
          <Link data-menu-item to="/profile" className={itemClass} onClick={() => setOpen(false)}>
            <UserIcon size={20} /> Profile
          </Link>
          <Link data-menu-item to="/profile?tab=settings" className={itemClass} onClick={() => setOpen(false)}>
            <CogIcon size={20} /> Settings
          </Link>
          <button
            data-menu-item
            type="button"
            className={itemClass}
            onClick={() => {
              setOpen(false)
              void logout()
            }}
          >
            <LogoutIcon size={20} /> Log out
          </button>
        </div>
      ) : null}
    </div>
  )
}
