/**
 * The seam for presence (issue 10, built with the realtime presence work):
 * pass `online` once the presence feed says whether the peer is connected.
 * Until then it renders nothing — no invented "online" state.
 */
export function PresenceDot({ online }: { online?: boolean }) {
  if (online === undefined) return null
  return (
    <span
      role="img"
      aria-label={online ? 'Online' : 'Offline'}
      className={online ? 'size-2.5 rounded-full bg-success' : 'size-2.5 rounded-full bg-line'}
    />
  )
}
