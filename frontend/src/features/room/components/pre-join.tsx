import { useEffect, useId, useRef, useState } from 'react'
import { Button } from '@/components/ui/button'
import { StatusChip } from '@/components/ui/status-chip'
import { usePrefetchIceServers } from '../api/get-room'
import type { RoomOut } from '../api/protocol'
import { useLocalMedia, type MediaProblem } from '../hooks/use-local-media'

const PROBLEM_TEXT: Record<MediaProblem, { title: string; fix: string }> = {
  denied: {
    title: 'Permission was denied',
    fix: 'Click the camera icon (or the padlock) at the left of the address bar, choose "Allow" for camera and microphone, then press "Check again". On a phone, allow it in the browser\'s site settings.',
  },
  'not-found': { title: 'No device found', fix: 'Plug in a camera or microphone (or pick another one below), then press "Check again".' },
  'in-use': { title: 'The device is busy', fix: 'Another app or tab is using it. Close that app (a video call, the camera app), then press "Check again".' },
  insecure: { title: 'This page is not secure', fix: 'Browsers only share the camera on https:// pages. Open the room from its https link.' },
  unsupported: { title: 'This browser cannot share a camera', fix: 'Use a recent Chrome, Edge, Firefox or Safari.' },
  other: { title: 'The device could not start', fix: 'Press "Check again"; if it keeps failing, restart the browser.' },
}

export interface JoinChoice {
  stream: MediaStream | null
  audio: boolean
  video: boolean
}

/** The check before joining: preview, device pickers, mic level, and clear guidance when something is off. */
export function PreJoin({ room, onJoin, joinDisabledReason }: { room: RoomOut; onJoin: (choice: JoinChoice) => void; joinDisabledReason?: string | null }) {
  const media = useLocalMedia()
  usePrefetchIceServers(room.room_code)
  const videoRef = useRef<HTMLVideoElement>(null)
  const [camOn, setCamOn] = useState(true)
  const [micOn, setMicOn] = useState(true)
  const camId = useId()
  const micId = useId()
  const hasVideo = Boolean(media.stream?.getVideoTracks().length)
  const hasAudio = Boolean(media.stream?.getAudioTracks().length)
  const heard = useHeard(media.level)

  useEffect(() => {
    if (videoRef.current) videoRef.current.srcObject = media.stream
  }, [media.stream])

  const allFine = hasVideo && hasAudio && !media.cameraProblem && !media.micProblem
  const problems = [
    media.cameraProblem ? { what: 'Camera', ...PROBLEM_TEXT[media.cameraProblem] } : null,
    media.micProblem && media.micProblem !== media.cameraProblem ? { what: 'Microphone', ...PROBLEM_TEXT[media.micProblem] } : null,
  ].filter((p) => p !== null)
  const teacher = room.role === 'mentor'

  return (
    <section aria-labelledby="prejoin-heading" className="grid gap-6 md:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <div className="relative aspect-video overflow-hidden rounded-[var(--radius-card)] bg-ink">
        <video ref={videoRef} autoPlay playsInline muted aria-label="Your camera preview" className={`size-full -scale-x-100 object-cover ${hasVideo && camOn ? '' : 'invisible'}`} />
        {!hasVideo || !camOn ? (
          <p className="absolute inset-0 flex items-center justify-center p-4 text-center text-lg font-semibold text-white">
            {media.loading ? 'Starting your camera…' : hasVideo ? 'Camera off — you will join without video' : 'No camera — you can join with audio only'}
          </p>
        ) : null}
      </div>

      <div className="glass space-y-4 rounded-[var(--radius-card)] p-5">
        <h2 id="prejoin-heading" className="text-xl font-bold text-ink">
          Check your camera and microphone
        </h2>

        {allFine && !media.loading ? (
          <p role="status" className="rounded-[var(--radius-control)] bg-success-soft px-3 py-2 text-base font-semibold text-success">
            {teacher ? 'Clear video, ready to teach!' : 'Clear video, ready to learn!'}
          </p>
        ) : null}

        {problems.map((p) => (
          <div key={p.what} role="alert" className="space-y-1 rounded-[var(--radius-control)] bg-danger-soft px-3 py-2 text-base text-danger">
            <p className="font-semibold">
              {p.what}: {p.title}
            </p>
            <p>{p.fix}</p>
          </div>
        ))}

        <div className="space-y-1">
          <label htmlFor={camId} className="block text-base font-semibold text-ink">
            Camera
          </label>
          <select
            id={camId}
            className="min-h-tap w-full rounded-[var(--radius-control)] border border-line bg-surface px-3 text-base"
            value={media.cameraId}
            onChange={(e) => media.setCameraId(e.target.value)}
            disabled={!media.cameras.length}
          >
            <option value="">{media.cameras.length ? 'Default camera' : 'No camera available'}</option>
            {media.cameras.map((d, i) => (
              <option key={d.deviceId} value={d.deviceId}>
                {d.label || `Camera ${i + 1}`}
              </option>
            ))}
          </select>
        </div>

        <div className="space-y-1">
          <label htmlFor={micId} className="block text-base font-semibold text-ink">
            Microphone
          </label>
          <select
            id={micId}
            className="min-h-tap w-full rounded-[var(--radius-control)] border border-line bg-surface px-3 text-base"
            value={media.micId}
            onChange={(e) => media.setMicId(e.target.value)}
            disabled={!media.microphones.length}
          >
            <option value="">{media.microphones.length ? 'Default microphone' : 'No microphone available'}</option>
            {media.microphones.map((d, i) => (
              <option key={d.deviceId} value={d.deviceId}>
                {d.label || `Microphone ${i + 1}`}
              </option>
            ))}
          </select>
          <div className="flex items-center gap-3 pt-1">
            <span className="text-base text-ink-muted">Mic level</span>
            <div
              role="meter"
              aria-label="Microphone level"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(media.level * 100)}
              className="h-3 flex-1 overflow-hidden rounded-full bg-line"
            >
              <div className="h-full bg-success transition-[width] duration-75" style={{ width: `${Math.round(media.level * 100)}%` }} />
            </div>
          </div>
          {hasAudio ? <p className="text-base text-ink-muted">{heard ? 'We can hear you.' : 'Say something to test your microphone.'}</p> : null}
        </div>

        <div className="flex flex-wrap gap-2">
          <label className="inline-flex min-h-tap items-center gap-2 text-base">
            <input type="checkbox" className="size-5" checked={camOn && hasVideo} disabled={!hasVideo} onChange={(e) => setCamOn(e.target.checked)} />
            Join with camera on
          </label>
          <label className="inline-flex min-h-tap items-center gap-2 text-base">
            <input type="checkbox" className="size-5" checked={micOn && hasAudio} disabled={!hasAudio} onChange={(e) => setMicOn(e.target.checked)} />
            Join with microphone on
          </label>
        </div>

        {/* On a phone the checks fill more than a screen: the join row stays in view above the bottom
            navigation (sticky inside this card) until the page is scrolled to it. */}
        <div
          data-testid="prejoin-actions"
          className="sticky bottom-20 z-10 -mx-5 flex flex-wrap items-center gap-2 border-t border-line bg-surface px-5 py-3 md:static md:mx-0 md:border-0 md:bg-transparent md:p-0"
        >
          <Button
            variant="cta"
            size="lg"
            disabled={media.loading || Boolean(joinDisabledReason)}
            onClick={() => onJoin({ stream: media.release(), audio: micOn && hasAudio, video: camOn && hasVideo })}
          >
            {hasVideo ? 'Join now' : hasAudio ? 'Join with audio only' : 'Join without camera or mic'}
          </Button>
          {problems.length ? (
            <Button variant="secondary" onClick={media.retry}>
              Check again
            </Button>
          ) : null}
          {room.participants.length ? (
            <StatusChip tone="info">
              {room.participants.length} {room.participants.length === 1 ? 'participant' : 'participants'}
            </StatusChip>
          ) : null}
        </div>
        {joinDisabledReason ? <p className="text-base text-ink-muted">{joinDisabledReason}</p> : null}
      </div>
    </section>
  )
}

/** True once the meter has moved noticeably (someone spoke). */
function useHeard(level: number) {
  const [heard, setHeard] = useState(false)
  // Adjusting state while rendering (React's documented pattern), not in an effect.
  if (level > 0.08 && !heard) setHeard(true)
  return heard
}
