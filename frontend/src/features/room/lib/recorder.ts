// Recording (optional, with everyone's consent): on the mentor's side a
// canvas composes the remote video(s) with a small self-view, an AudioContext
// mixes every microphone, and MediaRecorder writes WebM that is uploaded in
// parts through the presigned multipart routes — each part ≥ 5 MB except the
// last, as S3 requires.
import { LIMITS } from '../api/protocol'

export interface PartUploader {
  start: () => Promise<{ recording_id: string }>
  partUrl: (recordingId: string, partNumber: number) => Promise<{ url: string }>
  put: (url: string, body: Blob) => Promise<string>
  complete: (recordingId: string, parts: { part_number: number; etag: string }[]) => Promise<unknown>
}

/** Buffers chunks and uploads a part each time ≥ minPartBytes are waiting; strictly in order. */
export class MultipartSink {
  private buffer: Blob[] = []
  private buffered = 0
  private parts: { part_number: number; etag: string }[] = []
  private chain: Promise<void> = Promise.resolve()
  private recordingId: Promise<string> | null = null
  private readonly uploader: PartUploader
  private readonly minPartBytes: number
  failed: unknown = null

  constructor(uploader: PartUploader, minPartBytes: number = LIMITS.recordingPartMinBytes) {
    this.uploader = uploader
    this.minPartBytes = minPartBytes
  }

  /** Starts the multipart upload now — the server allows it only while everyone's consent holds. */
  begin(): Promise<string> {
    const id = this.id()
    id.catch((err: unknown) => {
      this.failed ??= err
    })
    return id
  }

  private id(): Promise<string> {
    if (!this.recordingId) this.recordingId = this.uploader.start().then((r) => r.recording_id)
    return this.recordingId
  }

  push(chunk: Blob) {
    if (!chunk.size) return
    this.buffer.push(chunk)
    this.buffered += chunk.size
    if (this.buffered >= this.minPartBytes) this.flushPart()
  }

  private flushPart() {
    const body = new Blob(this.buffer, { type: 'video/webm' })
    this.buffer = []
    this.buffered = 0
    const partNumber = ++this.nextPart
    this.chain = this.chain.then(async () => {
      if (this.failed) return
      try {
        const id = await this.id()
        const { url } = await this.uploader.partUrl(id, partNumber)
        const etag = await this.uploader.put(url, body)
        this.parts.push({ part_number: partNumber, etag })
      } catch (err) {
        this.failed = err
      }
    })
  }
  private nextPart = 0

  /** Uploads what is left as the last part and completes the upload. */
  async finish(): Promise<void> {
    if (this.buffered > 0) this.flushPart()
    await this.chain
    if (this.failed) throw this.failed
    if (!this.parts.length) return
    const id = await this.id()
    await this.uploader.complete(id, [...this.parts].sort((a, b) => a.part_number - b.part_number))
  }
}

/** Composes the call into one stream: remote videos side by side, self-view in a corner, all audio mixed. */
export function composeCall(getVideos: () => { remote: HTMLVideoElement[]; local: HTMLVideoElement | null }, audioTracks: MediaStreamTrack[]) {
  const canvas = document.createElement('canvas')
  canvas.width = 1280
  canvas.height = 720
  const ctx = canvas.getContext('2d')!
  const timer = setInterval(() => {
    const { remote, local } = getVideos()
    ctx.fillStyle = '#111827'
    ctx.fillRect(0, 0, canvas.width, canvas.height)
    const n = Math.max(1, remote.length)
    const w = canvas.width / n
    remote.forEach((v, i) => {
      if (v.readyState >= 2) drawFit(ctx, v, i * w, 0, w, canvas.height)
    })
    if (local && local.readyState >= 2) drawFit(ctx, local, canvas.width - 330, canvas.height - 190, 320, 180)
  }, 1000 / 15)
  const audio = new AudioContext()
  const dest = audio.createMediaStreamDestination()
  const sources = audioTracks.map((t) => {
    const s = audio.createMediaStreamSource(new MediaStream([t]))
    s.connect(dest)
    return s
  })
  const stream = new MediaStream([...canvas.captureStream(15).getVideoTracks(), ...dest.stream.getAudioTracks()])
  return {
    stream,
    stop() {
      clearInterval(timer)
      for (const s of sources) s.disconnect()
      for (const t of stream.getTracks()) t.stop()
      void audio.close().catch(() => {})
    },
  }
}

function drawFit(ctx: CanvasRenderingContext2D, v: HTMLVideoElement, x: number, y: number, w: number, h: number) {
  const vw = v.videoWidth || 16
  const vh = v.videoHeight || 9
  const scale = Math.min(w / vw, h / vh)
  const dw = vw * scale
  const dh = vh * scale
  ctx.drawImage(v, x + (w - dw) / 2, y + (h - dh) / 2, dw, dh)
}

export function pickRecorderType(): string | undefined {
  if (typeof MediaRecorder === 'undefined') return undefined
  return ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus', 'video/webm'].find((t) => MediaRecorder.isTypeSupported(t))
}
