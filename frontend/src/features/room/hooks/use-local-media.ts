import { useCallback, useEffect, useRef, useState } from 'react'

export type MediaProblem = 'denied' | 'not-found' | 'in-use' | 'insecure' | 'unsupported' | 'other'

export interface LocalMedia {
  stream: MediaStream | null
  cameras: MediaDeviceInfo[]
  microphones: MediaDeviceInfo[]
  cameraId: string
  micId: string
  setCameraId: (id: string) => void
  setMicId: (id: string) => void
  /** What went wrong for the camera / the microphone, if anything. */
  cameraProblem: MediaProblem | null
  micProblem: MediaProblem | null
  /** 0..1, from an AnalyserNode on the microphone. */
  level: number
  loading: boolean
  retry: () => void
  /** Hand the stream over to the call (it is not stopped on unmount then). */
  release: () => MediaStream | null
}

export function classifyMediaError(err: unknown): MediaProblem {
  const name = err instanceof Error || (err && typeof err === 'object' && 'name' in err) ? String((err as { name: string }).name) : ''
  if (name === 'NotAllowedError' || name === 'PermissionDeniedError' || name === 'SecurityError') return 'denied'
  if (name === 'NotFoundError' || name === 'DevicesNotFoundError' || name === 'OverconstrainedError') return 'not-found'
  if (name === 'NotReadableError' || name === 'TrackStartError' || name === 'AbortError') return 'in-use'
  return 'other'
}

async function getTrack(kind: 'audio' | 'video', deviceId: string): Promise<MediaStreamTrack> {
  const constraints: MediaStreamConstraints =
    kind === 'video'
      ? { video: deviceId ? { deviceId: { exact: deviceId }, width: { ideal: 1280 }, height: { ideal: 720 } } : { width: { ideal: 1280 }, height: { ideal: 720 } } }
      : { audio: deviceId ? { deviceId: { exact: deviceId }, echoCancellation: true, noiseSuppression: true } : { echoCancellation: true, noiseSuppression: true } }
  const stream = await navigator.mediaDevices.getUserMedia(constraints)
  const track = kind === 'video' ? stream.getVideoTracks()[0] : stream.getAudioTracks()[0]
  if (!track) throw Object.assign(new Error('no track'), { name: 'NotFoundError' })
  return track
}

/**
 * The pre-join check: camera and microphone asked for separately (so a denied
 * camera still lets the learner join audio-only), device pickers from
 * enumerateDevices (labels appear once permission is granted), and a mic
 * level meter from an AnalyserNode.
 */
export function useLocalMedia(): LocalMedia {
  const [stream, setStream] = useState<MediaStream | null>(null)
  const [cameras, setCameras] = useState<MediaDeviceInfo[]>([])
  const [microphones, setMicrophones] = useState<MediaDeviceInfo[]>([])
  const [cameraId, setCameraId] = useState('')
  const [micId, setMicId] = useState('')
  const [unsupported] = useState<MediaProblem | null>(() => {
    if (typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function') return null
    return typeof window !== 'undefined' && window.isSecureContext === false ? 'insecure' : 'unsupported'
  })
  const [cameraProblem, setCameraProblem] = useState<MediaProblem | null>(unsupported)
  const [micProblem, setMicProblem] = useState<MediaProblem | null>(unsupported)
  const [loading, setLoading] = useState(!unsupported)
  const [level, setLevel] = useState(0)
  const [attempt, setAttempt] = useState(0)
  const released = useRef(false)
  const streamRef = useRef<MediaStream | null>(null)

  useEffect(() => {
    let cancelled = false
    const md = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined
    if (!md?.getUserMedia) return
    void (async () => {
      setLoading(true)
      const tracks: MediaStreamTrack[] = []
      const [video, audio] = await Promise.allSettled([getTrack('video', cameraId), getTrack('audio', micId)])
      if (cancelled) {
        for (const r of [video, audio]) if (r.status === 'fulfilled') r.value.stop()
        return
      }
      if (video.status === 'fulfilled') tracks.push(video.value)
      if (audio.status === 'fulfilled') tracks.push(audio.value)
      setCameraProblem(video.status === 'rejected' ? classifyMediaError(video.reason) : null)
      setMicProblem(audio.status === 'rejected' ? classifyMediaError(audio.reason) : null)
      const next = tracks.length ? new MediaStream(tracks) : null
      for (const t of streamRef.current?.getTracks() ?? []) t.stop()
      streamRef.current = next
      setStream(next)
      setLoading(false)
      try {
        const devices = await md.enumerateDevices()
        if (cancelled) return
        setCameras(devices.filter((d) => d.kind === 'videoinput' && d.deviceId))
        setMicrophones(devices.filter((d) => d.kind === 'audioinput' && d.deviceId))
      } catch {
        // the pickers stay empty; the default devices still work
      }
    })()
    return () => {
      cancelled = true
    }
  }, [cameraId, micId, attempt])

  // Stop the tracks when leaving the page, unless the call took them.
  useEffect(
    () => () => {
      if (!released.current) for (const t of streamRef.current?.getTracks() ?? []) t.stop()
    },
    [],
  )

  // Mic level meter.
  useEffect(() => {
    const audio = stream?.getAudioTracks()[0]
    const Ctx = typeof window !== 'undefined' ? (window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext) : undefined
    if (!audio || !Ctx) return
    let ctx: AudioContext
    try {
      ctx = new Ctx()
    } catch {
      return
    }
    const source = ctx.createMediaStreamSource(new MediaStream([audio]))
    const analyser = ctx.createAnalyser()
    analyser.fftSize = 512
    source.connect(analyser)
    const data = new Uint8Array(analyser.fftSize)
    let frame = 0
    let last = 0
    const loop = (t: number) => {
      frame = requestAnimationFrame(loop)
      if (t - last < 80) return
      last = t
      analyser.getByteTimeDomainData(data)
      let sum = 0
      for (const v of data) sum += ((v - 128) / 128) ** 2
      const rms = Math.sqrt(sum / data.length)
      setLevel(Math.min(1, rms * 4))
    }
    frame = requestAnimationFrame(loop)
    return () => {
      cancelAnimationFrame(frame)
      source.disconnect()
      void ctx.close().catch(() => {})
    }
  }, [stream])

  const retry = useCallback(() => setAttempt((a) => a + 1), [])
  const release = useCallback(() => {
    released.current = true
    return streamRef.current
  }, [])

  const hasAudio = Boolean(stream?.getAudioTracks().length)
  return { stream, cameras, microphones, cameraId, micId, setCameraId, setMicId, cameraProblem, micProblem, level: hasAudio ? level : 0, loading, retry, release }
}
