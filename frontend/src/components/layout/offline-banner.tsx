import { useOnline } from '@/hooks/use-online'
import { useRealtimeStatus } from '@/lib/realtime-hub'
import { WifiOffIcon } from '@/components/ui/icons'

/**
 * Offline (the browser says so) or the live line dropped and is reconnecting:
 * saved data stays on screen, and what was missed is fetched on reconnect.
 */
export function OfflineBanner() {
  const online = useOnline()
  const status = useRealtimeStatus()
  if (online && status !== 'reconnecting') return null
  return (
    <div
      role="status"
      aria-live="polite"
      data-testid="offline-banner"
      className="sticky top-0 z-[55] flex items-center justify-center gap-2 bg-ink px-4 py-2 text-center text-base text-white"
    >
      <WifiOffIcon size={20} />
      <span>
        {online
          ? "Reconnecting… Live updates are paused; we'll catch up on everything you missed."
          : "You're offline. Saved data stays on screen; we'll reconnect when you're back online."}
      </span>
    </div>
  )
}
