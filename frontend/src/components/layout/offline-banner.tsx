import { useOnline } from '@/hooks/use-online'
import { WifiOffIcon } from '@/components/ui/icons'

export function OfflineBanner() {
  const online = useOnline()
  if (online) return null
  return (
    <div
      role="status"
      aria-live="polite"
      data-testid="offline-banner"
      className="sticky top-0 z-[55] flex items-center justify-center gap-2 bg-ink px-4 py-2 text-center text-base text-white"
    >
      <WifiOffIcon size={20} />
      <span>You're offline. Saved data stays on screen; we'll reconnect when you're back online.</span>
    </div>
  )
}
