import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { errorMessage } from '@/lib/api-client'
import { showToast } from '@/lib/toast'
import { putPart, recordingUpload } from '../api/recording'
import type { RecordingStatus } from '../api/protocol'
import { composeCall, MultipartSink, pickRecorderType } from '../lib/recorder'

/**
 * The mentor's recorder: runs while the consent state is "recording", writes
 * WebM chunks every 2 s and uploads them in ≥ 5 MB parts; on stop the last
 * part goes up and the upload is completed.
 */
export function useRecorder({
  roomCode,
  enabled,
  status,
  getVideos,
  audioTracks,
}: {
  roomCode: string
  enabled: boolean
  status: RecordingStatus
  getVideos: () => { remote: HTMLVideoElement[]; local: HTMLVideoElement | null }
  audioTracks: () => MediaStreamTrack[]
}) {
  const [uploading, setUploading] = useState(false)
  const getVideosRef = useRef(getVideos)
  const audioRef = useRef(audioTracks)
  useLayoutEffect(() => {
    getVideosRef.current = getVideos
    audioRef.current = audioTracks
  })
  const active = enabled && status === 'recording'

  useEffect(() => {
    if (!active) return
    const type = pickRecorderType()
    if (!type) {
      showToast('This browser cannot record the call.', { tone: 'error' })
      return
    }
    const composed = composeCall(() => getVideosRef.current(), audioRef.current())
    const sink = new MultipartSink({
      start: () => recordingUpload.start(roomCode),
      partUrl: (id, n) => recordingUpload.partUrl(roomCode, id, n),
      put: putPart,
      complete: (id, parts) => recordingUpload.complete(roomCode, id, parts),
    })
    void sink.begin()
    const recorder = new MediaRecorder(composed.stream, { mimeType: type, videoBitsPerSecond: 1_500_000 })
    recorder.ondataavailable = (e) => sink.push(e.data)
    recorder.onstop = () => {
      composed.stop()
      setUploading(true)
      sink
        .finish()
        .then(() => showToast('Recording saved ✔', { tone: 'success', detail: 'It is in the after-session pack.' }))
        .catch((err: unknown) => showToast(errorMessage(err, 'The recording could not be uploaded.'), { tone: 'error' }))
        .finally(() => setUploading(false))
    }
    recorder.start(2000)
    return () => {
      if (recorder.state !== 'inactive') recorder.stop()
    }
  }, [active, roomCode])

  return { uploading }
}
