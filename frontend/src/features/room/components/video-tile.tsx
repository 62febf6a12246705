import { useEffect, useRef } from 'react'
import { Avatar } from '@/components/ui/avatar'
import { cn } from '@/lib/cn'
import type { QualityLevel } from '../api/protocol'
import type { QualityFigures } from '../lib/quality'
import { QUALITY_LABEL } from '../lib/quality'
import { MicOffIcon, SignalIcon } from './room-icons'

const LEVEL_BARS: Record<QualityLevel, number> = { good: 3, fair: 2, poor: 1 }

export function QualityBadge({ level, figures, who }: { level: QualityLevel | null; figures?: QualityFigures | null; who: string }) {
  if (!level) return null
  const detail = figures
    ? ` — round trip ${figures.rttMs ?? '?'} ms, loss ${(figures.loss * 100).toFixed(1)} %, ${Math.round(figures.inKbps)} kbit/s in`
    : ''
  const text = `${who}: ${QUALITY_LABEL[level]}${detail}`
  return (
    <span
      role="img"
      aria-label={text}
      title={text}
      className={cn(
        'inline-flex items-center gap-1 rounded-full bg-ink/70 px-2 py-1 text-sm font-semibold',
        level === 'good' ? 'text-green-300' : level === 'fair' ? 'text-amber-300' : 'text-red-300',
      )}
    >
      <SignalIcon size={16} level={LEVEL_BARS[level]} />
      <span aria-hidden="true">{level === 'good' ? 'Good' : level === 'fair' ? 'Fair' : 'Poor'}</span>
    </span>
  )
}

/** One participant's video (or their avatar while the camera is off), name, mute state and connection. */
export function VideoTile({
  stream,
  streamVersion,
  name,
  label,
  muted,
  audioOff,
  videoOff,
  screen,
  mirror,
  status,
  quality,
  figures,
  className,
  testId,
  videoRef,
  cover,
}: {
  stream: MediaStream | null
  streamVersion?: number
  name: string
  label: string
  /** Mute the element (self-view: never play our own audio). */
  muted?: boolean
  audioOff?: boolean
  videoOff?: boolean
  screen?: boolean
  mirror?: boolean
  status?: string | null
  quality?: QualityLevel | null
  figures?: QualityFigures | null
  className?: string
  testId?: string
  videoRef?: (el: HTMLVideoElement | null) => void
  /** Fill the tile (self-view), cropping; otherwise show the whole picture. */
  cover?: boolean
}) {
  const ref = useRef<HTMLVideoElement>(null)
  useEffect(() => {
    const el = ref.current
    if (!el) return
    if (el.srcObject !== stream) el.srcObject = stream
    if (stream) void el.play().catch(() => {})
  }, [stream, streamVersion])
  return (
    <figure aria-label={label} data-testid={testId} className={cn('relative overflow-hidden bg-ink', className)}>
      <video
        ref={(el) => {
          ref.current = el
          videoRef?.(el)
        }}
        autoPlay
        playsInline
        muted={muted}
        className={cn('size-full', screen ? 'object-contain' : cover ? 'object-cover' : 'object-cover md:object-contain', mirror && !screen && '-scale-x-100', videoOff && !screen && 'invisible')}
      />
      {videoOff && !screen ? (
        <div className="absolute inset-0 flex flex-col items-center justify-center gap-2 text-white">
          <Avatar name={name} size={72} />
          <span className="text-base font-semibold">Camera off</span>
        </div>
      ) : null}
      <figcaption className="absolute bottom-2 left-2 flex items-center gap-2 rounded-full bg-ink/70 px-3 py-1 text-sm font-semibold text-white">
        {audioOff ? (
          <span role="img" aria-label={`${name} is muted`}>
            <MicOffIcon size={16} />
          </span>
        ) : null}
        <span>{name}</span>
        {screen ? <span className="text-amber-200">· sharing screen</span> : null}
      </figcaption>
      <div className="absolute right-2 top-2 flex items-center gap-2">
        <QualityBadge level={quality ?? null} figures={figures} who={name} />
      </div>
      {status ? (
        <p role="status" className="absolute inset-x-0 top-1/2 mx-auto w-fit -translate-y-1/2 rounded-full bg-ink/80 px-4 py-2 text-base font-semibold text-white">
          {status}
        </p>
      ) : null}
    </figure>
  )
}
