// The call: a full mesh of RTCPeerConnections, one per remote participant.
//
// Remote participants are keyed by user id, not peer id: a peer id is a
// WebSocket connection id, and it changes when the signaling socket drops and
// comes back while the media keeps flowing. So a `peer.left` does not tear a
// healthy connection down at once — the participant is "away" until the same
// user joins again (new peer id, same connection) or the connection breaks.
// A new tab of the remote user starts a brand-new RTCPeerConnection, which we
// recognise by the DTLS fingerprint of its offer.
//
// The newcomer makes the offers (it creates its connections on `room.joined`);
// perfect negotiation (peer-link.ts) makes a simultaneous offer harmless.
import { LIMITS, type MediaState, type Peer, type QualityLevel, type RoomClientFrame, type RoomRole, type SignalPayload } from '../api/protocol'
import { isPolite, PeerLink, sdpFingerprint } from './peer-link'
import { classify, figures, maxBitrateFor, sampleStats, type QualityFigures, type StatsSample } from './quality'
import { RestartPolicy, type LinkHealth } from './restart-policy'

export interface RemoteView {
  userId: string
  peerId: string | null
  name: string
  role: RoomRole
  media: MediaState
  stream: MediaStream | null
  /** Bumped whenever the remote stream gets or loses a track (new screen track…). */
  streamVersion: number
  connection: RTCPeerConnectionState | 'new'
  health: LinkHealth
  away: boolean
  /** Measured here from getStats(). */
  quality: QualityLevel | null
  figures: QualityFigures | null
  /** What the remote side measured and told us (`quality` frames). */
  remoteQuality: QualityLevel | null
  /** A restart through the TURN relay is under way ("Trying alternate connection…"). */
  alternate: boolean
}

export interface CallSnapshot {
  myPeerId: string | null
  local: { stream: MediaStream | null; media: MediaState; screenStream: MediaStream | null }
  remotes: RemoteView[]
  /** Sender bitrate is capped because some link is poor. */
  optimizing: boolean
  /** Some link ran out of ICE restarts: offer "Rejoin?". */
  needsRejoin: boolean
}

interface Remote {
  view: RemoteView
  pc: RTCPeerConnection | null
  link: PeerLink | null
  policy: RestartPolicy
  lastSample: StatsSample | null
  awayTimer: ReturnType<typeof setTimeout> | null
  offerTimer: ReturnType<typeof setTimeout> | null
  capped: number | undefined
  config: RTCConfiguration | null
}

export interface CallEngineOptions {
  send: (frame: RoomClientFrame) => boolean
  getConfig: () => Promise<RTCConfiguration>
  createPeerConnection?: (config: RTCConfiguration) => RTCPeerConnection
  getDisplayMedia?: () => Promise<MediaStream>
  now?: () => number
  onError?: (where: string, error: unknown) => void
  /** How long an away participant with a healthy connection is kept. */
  awayGraceMs?: number
  /** The side already in waits this long for the newcomer's offer before offering itself. */
  offerFallbackMs?: number
}

const NO_MEDIA: MediaState = { audio: false, video: false, screen: false }
function hasTurn(config: RTCConfiguration): boolean {
  return (config.iceServers ?? []).some((server) => [server.urls].flat().some((u) => /^turns?:/.test(u)))
}

/** How long a trickled candidate waits for the rest of its burst, and the server's cap per frame. */
const CANDIDATE_BURST_MS = 8
const MAX_CANDIDATES_PER_FRAME = 32

export class CallEngine {
  private readonly opts: Required<Omit<CallEngineOptions, 'onError'>> & Pick<CallEngineOptions, 'onError'>
  private readonly remotes = new Map<string, Remote>()
  private readonly orphanSignals = new Map<string, SignalPayload[]>()
  private myPeerId: string | null = null
  private myUserId: string | null = null
  private localStream: MediaStream | null = null
  private screenStream: MediaStream | null = null
  private media: MediaState = { ...NO_MEDIA }
  private announced: MediaState | null = null
  private config: Promise<RTCConfiguration> | null = null
  private listeners = new Set<() => void>()
  private snapshot: CallSnapshot
  private ticker: ReturnType<typeof setInterval> | null = null
  private statsTimer: ReturnType<typeof setInterval> | null = null
  private lastQualitySent: { level: QualityLevel; at: number } | null = null
  private disposed = false

  constructor(options: CallEngineOptions) {
    this.opts = {
      createPeerConnection: (config) => new RTCPeerConnection(config),
      getDisplayMedia: () => navigator.mediaDevices.getDisplayMedia({ video: true, audio: false }),
      now: () => Date.now(),
      awayGraceMs: 20_000,
      offerFallbackMs: 4000,
      ...options,
    }
    this.snapshot = this.build()
  }

  // ---- React glue ---------------------------------------------------------
  subscribe = (listener: () => void) => {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }
  getSnapshot = () => this.snapshot

  private changed() {
    this.snapshot = this.build()
    for (const l of [...this.listeners]) l()
  }

  private build(): CallSnapshot {
    const remotes = [...this.remotes.values()].map((r) => ({ ...r.view }))
    return {
      myPeerId: this.myPeerId,
      local: { stream: this.localStream, media: { ...this.media }, screenStream: this.screenStream },
      remotes,
      optimizing: [...this.remotes.values()].some((r) => r.capped !== undefined),
      needsRejoin: remotes.some((r) => r.health === 'gave-up' && !r.away),
    }
  }

  // ---- local media --------------------------------------------------------
  /** The stream from the pre-join check (tracks may be missing: audio-only or camera-off). */
  setLocalStream(stream: MediaStream | null, wanted: { audio: boolean; video: boolean }) {
    this.localStream = stream
    const audio = stream?.getAudioTracks()[0]
    const video = stream?.getVideoTracks()[0]
    if (audio) audio.enabled = wanted.audio
    if (video) video.enabled = wanted.video
    this.media = { audio: Boolean(audio && wanted.audio), video: Boolean(video && wanted.video), screen: false }
    this.changed()
  }

  setIdentity(userId: string) {
    this.myUserId = userId
  }

  toggleAudio(on = !this.media.audio) {
    const track = this.localStream?.getAudioTracks()[0]
    if (!track) return false
    track.enabled = on
    this.media = { ...this.media, audio: on }
    this.sendMedia()
    this.changed()
    return true
  }

  toggleVideo(on = !this.media.video) {
    const track = this.localStream?.getVideoTracks()[0]
    if (!track) return false
    track.enabled = on
    this.media = { ...this.media, video: on }
    this.sendMedia()
    this.changed()
    return true
  }

  /** Screen share: the screen replaces the camera on every connection (`replaceTrack`), no renegotiation. */
  async startScreenShare() {
    if (this.screenStream) return
    const stream = await this.opts.getDisplayMedia()
    const track = stream.getVideoTracks()[0]
    if (!track) return
    this.screenStream = stream
    track.addEventListener('ended', () => void this.stopScreenShare())
    await Promise.all([...this.remotes.values()].map((r) => this.setVideoTrack(r, track)))
    this.media = { ...this.media, screen: true }
    this.sendMedia()
    this.changed()
  }

  async stopScreenShare() {
    const stream = this.screenStream
    if (!stream) return
    this.screenStream = null
    for (const t of stream.getTracks()) t.stop()
    const camera = this.localStream?.getVideoTracks()[0] ?? null
    await Promise.all([...this.remotes.values()].map((r) => this.setVideoTrack(r, camera)))
    this.media = { ...this.media, screen: false }
    this.sendMedia()
    this.changed()
  }

  /** The track our side sends as video now: the screen while sharing, else the camera. */
  private currentVideoTrack(): MediaStreamTrack | null {
    return this.screenStream?.getVideoTracks()[0] ?? this.localStream?.getVideoTracks()[0] ?? null
  }

  private videoSender(pc: RTCPeerConnection): RTCRtpSender | null {
    const video = pc.getTransceivers().filter((t) => t.currentDirection !== 'stopped' && (t.sender.track?.kind === 'video' || t.receiver.track?.kind === 'video'))
    return (video.find((t) => t.sender.track) ?? video[0])?.sender ?? null
  }

  private async setVideoTrack(r: Remote, track: MediaStreamTrack | null) {
    const pc = r.pc
    if (!pc) return
    try {
      const sender = this.videoSender(pc)
      if (sender) {
        const transceiver = pc.getTransceivers().find((t) => t.sender === sender)
        if (track && transceiver && (transceiver.direction === 'recvonly' || transceiver.direction === 'inactive')) {
          transceiver.direction = 'sendrecv' // renegotiates
        }
        await sender.replaceTrack(track)
      } else if (track) {
        pc.addTrack(track, this.localStream ?? new MediaStream([track])) // renegotiates
      }
    } catch (err) {
      this.opts.onError?.('replaceTrack', err)
    }
  }

  /** The media state a join carries: the server stores it and lists it to everyone in the room. */
  joinMedia(): MediaState {
    this.announced = { ...this.media }
    return this.announced
  }

  private sendMedia() {
    this.opts.send({ type: 'media', ...this.media })
  }

  // ---- signaling in -------------------------------------------------------
  /** `room.joined`: who is here already; the newcomer (us) offers to each. */
  onJoined(you: string, peers: Peer[]) {
    this.myPeerId = you
    const present = new Set<string>()
    for (const p of peers.slice(0, LIMITS.maxPeers - 1)) {
      if (p.peer_id === you || p.user_id === this.myUserId) continue
      present.add(p.user_id)
      const r = this.upsert(p)
      if (r.pc && (r.view.health === 'gave-up' || r.pc.connectionState === 'failed' || r.pc.connectionState === 'closed')) this.closePc(r)
      if (!r.pc) void this.ensurePc(r)
      else if (r.link) r.link.polite = isPolite(you, p.peer_id)
      this.replayOrphans(r)
    }
    // Anyone we still hold who is not in the list left while our socket was down.
    for (const r of this.remotes.values()) if (!present.has(r.view.userId)) this.markAway(r)
    // The join carried our media state; only a change while joining needs its own frame.
    const told = this.announced
    if (!told || told.audio !== this.media.audio || told.video !== this.media.video || told.screen !== this.media.screen) this.sendMedia()
    this.startTimers()
    this.changed()
  }

  onPeerJoined(p: Peer) {
    if (p.peer_id === this.myPeerId || p.user_id === this.myUserId) return
    const r = this.upsert(p)
    if (r.link && this.myPeerId) r.link.polite = isPolite(this.myPeerId, p.peer_id)
    if (!r.pc) {
      // Wait for the newcomer's offer; offer ourselves if none comes.
      if (r.offerTimer) clearTimeout(r.offerTimer)
      r.offerTimer = setTimeout(() => {
        r.offerTimer = null
        if (!r.pc && !r.view.away && !this.disposed) void this.ensurePc(r)
      }, this.opts.offerFallbackMs)
    }
    this.replayOrphans(r)
    // No media frame for the newcomer: its room.joined listed ours, as the server stored it.
    this.changed()
  }

  onPeerLeft(p: Peer) {
    const r = this.remotes.get(p.user_id)
    if (!r || (r.view.peerId && r.view.peerId !== p.peer_id)) return
    this.markAway(r)
    this.changed()
  }

  onSignal(from: string, payload: SignalPayload) {
    const r = this.byPeerId(from)
    if (!r) {
      // The signal outran its `peer.joined`: keep it until the peer is known.
      const list = this.orphanSignals.get(from) ?? []
      list.push(payload)
      this.orphanSignals.set(from, list.slice(-50))
      return
    }
    void this.deliver(r, payload)
  }

  onMedia(from: string, media: MediaState) {
    const r = this.byPeerId(from)
    if (!r) return
    r.view.media = { audio: Boolean(media.audio), video: Boolean(media.video), screen: Boolean(media.screen) }
    this.changed()
  }

  onQuality(from: string, level: QualityLevel) {
    const r = this.byPeerId(from)
    if (!r) return
    r.view.remoteQuality = level
    this.changed()
  }

  /** The signaling socket dropped: connections stay up; we re-join when it returns. */
  onSignalingLost() {
    this.myPeerId = null
    this.changed()
  }

  /** "Rejoin?": drop every connection and start again as a newcomer (the caller re-sends `join`). */
  resetForRejoin() {
    for (const r of this.remotes.values()) this.closePc(r)
    this.remotes.clear()
    this.config = null
    this.changed()
  }

  // ---- internals ----------------------------------------------------------
  private byPeerId(peerId: string): Remote | undefined {
    for (const r of this.remotes.values()) if (r.view.peerId === peerId) return r
    return undefined
  }

  private upsert(p: Peer): Remote {
    let r = this.remotes.get(p.user_id)
    if (!r) {
      r = {
        view: {
          userId: p.user_id,
          peerId: p.peer_id,
          name: p.name,
          role: p.role,
          media: { ...NO_MEDIA, ...p.media },
          stream: null,
          streamVersion: 0,
          connection: 'new',
          health: 'connecting',
          away: false,
          quality: null,
          figures: null,
          remoteQuality: null,
          alternate: false,
        },
        pc: null,
        link: null,
        config: null,
        policy: new RestartPolicy(),
        lastSample: null,
        awayTimer: null,
        offerTimer: null,
        capped: undefined,
      }
      this.remotes.set(p.user_id, r)
    }
    r.view.peerId = p.peer_id
    r.view.name = p.name
    r.view.role = p.role
    if (p.media) r.view.media = { ...NO_MEDIA, ...p.media }
    r.view.away = false
    if (r.awayTimer) clearTimeout(r.awayTimer)
    r.awayTimer = null
    return r
  }

  private replayOrphans(r: Remote) {
    const id = r.view.peerId
    if (!id) return
    const list = this.orphanSignals.get(id)
    if (!list) return
    this.orphanSignals.delete(id)
    for (const payload of list) void this.deliver(r, payload)
  }

  private markAway(r: Remote) {
    r.view.away = true
    r.view.peerId = null
    if (r.offerTimer) clearTimeout(r.offerTimer)
    r.offerTimer = null
    const healthy = r.pc && r.pc.connectionState === 'connected'
    if (!healthy) {
      this.remove(r)
      return
    }
    if (r.awayTimer) clearTimeout(r.awayTimer)
    r.awayTimer = setTimeout(() => {
      if (r.view.away) {
        this.remove(r)
        this.changed()
      }
    }, this.opts.awayGraceMs)
  }

  private remove(r: Remote) {
    this.closePc(r)
    if (r.awayTimer) clearTimeout(r.awayTimer)
    if (r.offerTimer) clearTimeout(r.offerTimer)
    this.remotes.delete(r.view.userId)
  }

  private closePc(r: Remote) {
    r.link?.close()
    if (!r.link) r.pc?.close()
    r.link = null
    r.pc = null
    r.view.stream = null
    r.view.connection = 'closed'
    r.view.health = 'connecting'
    r.policy.reset()
    r.lastSample = null
    r.capped = undefined
  }

  private async deliver(r: Remote, payload: SignalPayload) {
    if ('description' in payload && payload.description?.type === 'offer' && r.pc) {
      const known = sdpFingerprint(r.pc.remoteDescription?.sdp)
      const incoming = sdpFingerprint(payload.description.sdp)
      if (known && incoming && known !== incoming) {
        // The remote started over (reload, new tab): a fresh connection for it.
        this.closePc(r)
      }
    }
    const link = r.link ?? (await this.ensurePc(r))
    if (!link) return
    if ('description' in payload && payload.description) await link.handle({ description: payload.description })
    else if ('candidate' in payload && payload.candidate) await link.handle({ candidate: payload.candidate })
  }

  /** Resolves once every participant here is connected (or away), or after `maxMs` at most. */
  whenSettled(maxMs: number): Promise<void> {
    const settled = () => this.disposed || [...this.remotes.values()].every((r) => r.view.away || r.view.connection === 'connected')
    if (settled()) return Promise.resolve()
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        off()
        resolve()
      }
      const off = this.subscribe(() => {
        if (settled()) done()
      })
      const timer = setTimeout(done, maxMs)
    })
  }

  /** Starts fetching the ICE servers now, so the first connection doesn't wait for them after the join. */
  prepare() {
    void this.getConfig()
  }

  private getConfig(): Promise<RTCConfiguration> {
    if (!this.config) {
      this.config = this.opts.getConfig().catch((err: unknown) => {
        this.config = null
        this.opts.onError?.('ice-servers', err)
        return { iceServers: [] }
      })
    }
    return this.config
  }

  private creating = new Map<string, Promise<PeerLink | null>>()

  private ensurePc(r: Remote): Promise<PeerLink | null> {
    if (r.link) return Promise.resolve(r.link)
    const pending = this.creating.get(r.view.userId)
    if (pending) return pending
    const made = this.makePc(r).finally(() => this.creating.delete(r.view.userId))
    this.creating.set(r.view.userId, made)
    return made
  }

  private async makePc(r: Remote): Promise<PeerLink | null> {
    if (r.offerTimer) clearTimeout(r.offerTimer)
    r.offerTimer = null
    const config = await this.getConfig()
    if (this.disposed || !this.remotes.has(r.view.userId)) return null
    if (r.link) return r.link
    const pc = this.opts.createPeerConnection(config)
    r.config = config
    r.view.alternate = false
    // Trickled candidates come in bursts (one per interface and component within a millisecond or
    // two); each frame is a relay through the server, so a burst travels as one `candidates` frame.
    let burst: RTCIceCandidateInit[] = []
    let burstTimer: ReturnType<typeof setTimeout> | null = null
    const flushCandidates = () => {
      if (burstTimer) clearTimeout(burstTimer)
      burstTimer = null
      const to = r.view.peerId
      const list = burst
      burst = []
      if (!to || list.length === 0 || r.pc !== pc) return
      this.opts.send(list.length === 1 ? { type: 'signal', to, candidate: list[0] } : { type: 'signal', to, candidates: list })
    }
    const link = new PeerLink({
      pc,
      polite: isPolite(this.myPeerId ?? '', r.view.peerId ?? ''),
      send: (payload) => {
        if ('candidate' in payload && payload.candidate) {
          burst.push(payload.candidate)
          if (burst.length >= MAX_CANDIDATES_PER_FRAME) flushCandidates()
          else burstTimer ??= setTimeout(flushCandidates, CANDIDATE_BURST_MS)
          return
        }
        flushCandidates() // candidates of an earlier description go first
        const to = r.view.peerId
        if (!to) return // away: the connection is renegotiated when they are back
        const frame = { type: 'signal', to, ...payload } as RoomClientFrame
        this.opts.send(frame)
      },
      onError: (err) => this.opts.onError?.('negotiation', err),
    })
    r.pc = pc
    r.link = link
    r.view.connection = 'new'
    r.view.health = 'connecting'
    const remoteStream = new MediaStream()
    r.view.stream = remoteStream
    pc.addEventListener('track', (ev) => {
      if (r.pc !== pc) return
      const stream = r.view.stream ?? remoteStream
      for (const old of stream.getTracks()) if (old.kind === ev.track.kind && old !== ev.track) stream.removeTrack(old)
      if (!stream.getTracks().includes(ev.track)) stream.addTrack(ev.track)
      ev.track.addEventListener('unmute', () => this.bumpStream(r, pc))
      this.bumpStream(r, pc)
    })
    pc.addEventListener('connectionstatechange', () => {
      if (r.pc !== pc) return
      r.view.connection = pc.connectionState
      this.changed()
    })
    pc.addEventListener('iceconnectionstatechange', () => {
      if (r.pc !== pc) return
      this.policyStep(r, pc.iceConnectionState)
    })
    // Our tracks: camera (or the screen while sharing) and microphone.
    const stream = this.localStream ?? new MediaStream()
    const audio = this.localStream?.getAudioTracks()[0]
    const video = this.currentVideoTrack()
    if (audio) pc.addTrack(audio, stream)
    else pc.addTransceiver('audio', { direction: 'recvonly' })
    if (video) pc.addTrack(video, stream)
    else pc.addTransceiver('video', { direction: 'recvonly' })
    this.changed()
    return link
  }

  private bumpStream(r: Remote, pc: RTCPeerConnection) {
    if (r.pc !== pc) return
    r.view.streamVersion++
    this.changed()
  }

  private policyStep(r: Remote, state: RTCIceConnectionState | 'tick') {
    if (r.view.away) {
      // No signaling to restart with: a connection of an away participant that breaks is gone.
      if (state === 'failed' || state === 'disconnected' || state === 'closed') {
        this.remove(r)
        this.changed()
      }
      return
    }
    const before = r.view.health
    const action = r.policy.update(state, this.opts.now())
    if (action === 'restart') {
      // The direct path failed once already: the next restarts go through the TURN relay only.
      if (r.policy.restarts >= 2 && !r.view.alternate && r.pc && r.config && hasTurn(r.config) && r.config.iceTransportPolicy !== 'relay') {
        try {
          r.pc.setConfiguration({ ...r.config, iceTransportPolicy: 'relay' })
          r.view.alternate = true
        } catch (err) {
          this.opts.onError?.('relay fallback', err)
        }
      }
      r.link?.restartIce()
    }
    if (r.policy.health === 'connected') r.view.alternate = false
    r.view.health = r.policy.health
    if (r.view.health !== before || state !== 'tick') this.changed()
  }

  private startTimers() {
    if (!this.ticker) {
      this.ticker = setInterval(() => {
        for (const r of this.remotes.values()) if (r.pc) this.policyStep(r, 'tick')
      }, 1000)
    }
    if (!this.statsTimer && typeof RTCPeerConnection !== 'undefined') {
      this.statsTimer = setInterval(() => void this.measure(), 2000)
    }
  }

  /** getStats() per connection → quality; poor caps our video sender's bitrate; tells the others. */
  private async measure() {
    let worst: QualityLevel | null = null
    const rank = { good: 0, fair: 1, poor: 2 }
    for (const r of this.remotes.values()) {
      const pc = r.pc
      if (!pc || pc.connectionState !== 'connected') continue
      try {
        const sample = sampleStats((await pc.getStats()) as unknown as Parameters<typeof sampleStats>[0], this.opts.now())
        if (r.lastSample) {
          const f = figures(r.lastSample, sample)
          const level = classify(f)
          r.view.figures = f
          r.view.quality = level
          if (!worst || rank[level] > rank[worst]) worst = level
          await this.capBitrate(r, pc, level)
        }
        r.lastSample = sample
      } catch (err) {
        this.opts.onError?.('getStats', err)
      }
    }
    if (worst) {
      const now = this.opts.now()
      const last = this.lastQualitySent
      if (!last || last.level !== worst || now - last.at > 10_000) {
        if (this.opts.send({ type: 'quality', level: worst })) this.lastQualitySent = { level: worst, at: now }
      }
    }
    this.changed()
  }

  private async capBitrate(r: Remote, pc: RTCPeerConnection, level: QualityLevel) {
    // Lift the cap only after a good reading; keep it through "fair" to avoid flapping.
    const want = level === 'good' ? undefined : level === 'poor' ? maxBitrateFor('poor') : (r.capped ?? undefined)
    if (want === r.capped) return
    const sender = this.videoSender(pc)
    if (!sender?.track) return
    const params = sender.getParameters()
    if (!params.encodings?.length) params.encodings = [{}]
    if (want === undefined) delete params.encodings[0]!.maxBitrate
    else params.encodings[0]!.maxBitrate = want
    await sender.setParameters(params)
    r.capped = want
  }

  /** A quality figure for tests and the benchmark. */
  inboundBytes = async (): Promise<number> => {
    let total = 0
    for (const r of this.remotes.values()) {
      if (!r.pc) continue
      const s = sampleStats((await r.pc.getStats()) as unknown as Parameters<typeof sampleStats>[0], 0)
      total += s.bytesReceived
    }
    return total
  }

  /** The id of the video track each connection sends (tests check screen share replaced the camera). */
  videoSenderTrackIds = (): (string | null)[] =>
    [...this.remotes.values()].map((r) => (r.pc ? (this.videoSender(r.pc)?.track?.id ?? null) : null))

  /** The candidate types of each selected pair (tests check a relay-only call really relays). */
  selectedPairs = async (): Promise<{ local: string | null; remote: string | null }[]> => {
    const out: { local: string | null; remote: string | null }[] = []
    for (const r of this.remotes.values()) {
      if (!r.pc) continue
      const stats = new Map<string, Record<string, unknown>>()
      ;(await r.pc.getStats()).forEach((s: Record<string, unknown>) => stats.set(String(s.id), s))
      let pair: Record<string, unknown> | undefined
      for (const s of stats.values()) {
        if (s.type === 'transport' && s.selectedCandidatePairId) pair = stats.get(String(s.selectedCandidatePairId))
      }
      pair ??= [...stats.values()].find((s) => s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded')
      const kind = (id: unknown) => (stats.get(String(id))?.candidateType as string | undefined) ?? null
      out.push({ local: pair ? kind(pair.localCandidateId) : null, remote: pair ? kind(pair.remoteCandidateId) : null })
    }
    return out
  }

  dispose() {
    this.disposed = true
    if (this.ticker) clearInterval(this.ticker)
    if (this.statsTimer) clearInterval(this.statsTimer)
    for (const r of this.remotes.values()) this.remove(r)
    this.remotes.clear()
    for (const t of this.screenStream?.getTracks() ?? []) t.stop()
    this.screenStream = null
    this.listeners.clear()
  }
}
