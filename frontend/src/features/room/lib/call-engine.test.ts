import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Peer, RoomClientFrame } from '../api/protocol'
import { CallEngine } from './call-engine'

class FakeStream {
  tracks: { kind: string; id: string }[] = []
  constructor(tracks: { kind: string; id: string }[] = []) {
    this.tracks = [...tracks]
  }
  getTracks() {
    return this.tracks
  }
  getAudioTracks() {
    return this.tracks.filter((t) => t.kind === 'audio')
  }
  getVideoTracks() {
    return this.tracks.filter((t) => t.kind === 'video')
  }
  addTrack(t: { kind: string; id: string }) {
    this.tracks.push(t)
  }
  removeTrack(t: unknown) {
    this.tracks = this.tracks.filter((x) => x !== t)
  }
}

let pcs: FakePC[] = []

class FakePC extends EventTarget {
  signalingState: RTCSignalingState = 'stable'
  connectionState: RTCPeerConnectionState = 'new'
  iceConnectionState: RTCIceConnectionState = 'new'
  localDescription: RTCSessionDescriptionInit | null = null
  remoteDescription: RTCSessionDescriptionInit | null = null
  transceivers: { sender: { track: unknown; replaceTrack: (t: unknown) => Promise<void> }; receiver: { track: { kind: string } }; direction: string; currentDirection: string | null }[] = []
  restarts = 0
  closed = false
  readonly fingerprint: string
  constructor() {
    super()
    pcs.push(this)
    this.fingerprint = `sha-256 ${pcs.length}`
  }
  addTrack(track: { kind: string }) {
    const sender = { track: track as unknown, replaceTrack: async (t: unknown) => void (sender.track = t) }
    this.transceivers.push({ sender, receiver: { track: { kind: track.kind } }, direction: 'sendrecv', currentDirection: null })
    setTimeout(() => this.dispatchEvent(new Event('negotiationneeded')), 0) // a task, as browsers fire it
    return sender
  }
  addTransceiver(kind: string, init: { direction: string }) {
    const sender = { track: null as unknown, replaceTrack: async (t: unknown) => void (sender.track = t) }
    this.transceivers.push({ sender, receiver: { track: { kind } }, direction: init.direction, currentDirection: null })
    setTimeout(() => this.dispatchEvent(new Event('negotiationneeded')), 0) // a task, as browsers fire it
  }
  getTransceivers() {
    return this.transceivers
  }
  async setLocalDescription(desc?: { type: string }) {
    if (desc?.type === 'rollback') {
      this.signalingState = 'stable'
      return
    }
    const type = this.signalingState === 'have-remote-offer' ? 'answer' : 'offer'
    this.localDescription = { type, sdp: `v=0\r\na=fingerprint:${this.fingerprint}\r\n` } as RTCSessionDescriptionInit
    this.signalingState = type === 'offer' ? 'have-local-offer' : 'stable'
  }
  async setRemoteDescription(desc: RTCSessionDescriptionInit) {
    this.remoteDescription = desc
    this.signalingState = desc.type === 'offer' ? 'have-remote-offer' : 'stable'
  }
  async addIceCandidate() {}
  restartIce() {
    this.restarts++
    this.dispatchEvent(new Event('negotiationneeded'))
  }
  close() {
    this.closed = true
  }
  async getStats() {
    return new Map()
  }
  configured: RTCConfiguration[] = []
  setConfiguration(c: RTCConfiguration) {
    this.configured.push(c)
  }
  setIce(state: RTCIceConnectionState, conn: RTCPeerConnectionState) {
    this.iceConnectionState = state
    this.connectionState = conn
    this.dispatchEvent(new Event('iceconnectionstatechange'))
    this.dispatchEvent(new Event('connectionstatechange'))
  }
}

const peer = (peer_id: string, user_id: string, role: 'mentor' | 'learner' = 'mentor'): Peer => ({
  peer_id,
  user_id,
  name: user_id,
  role,
  media: { audio: true, video: true, screen: false },
})

function setup() {
  const sent: RoomClientFrame[] = []
  const engine = new CallEngine({
    send: (f) => {
      sent.push(f)
      return true
    },
    getConfig: async () => ({ iceServers: [] }),
    createPeerConnection: () => new FakePC() as unknown as RTCPeerConnection,
    awayGraceMs: 20_000,
    offerFallbackMs: 4000,
  })
  engine.setIdentity('me')
  engine.setLocalStream(new FakeStream([{ kind: 'audio', id: 'mic' }, { kind: 'video', id: 'cam' }]) as unknown as MediaStream, { audio: true, video: true })
  return { engine, sent, signals: () => sent.filter((f) => f.type === 'signal') as Extract<RoomClientFrame, { type: 'signal' }>[] }
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve()
  await vi.advanceTimersByTimeAsync(0)
}

beforeEach(() => {
  vi.useFakeTimers()
  pcs = []
  vi.stubGlobal('MediaStream', FakeStream)
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('call engine (mesh)', () => {
  it('the newcomer opens one connection per peer, sends its tracks and offers', async () => {
    const { engine, signals, sent } = setup()
    engine.onJoined('p-me', [peer('p-m', 'mentor-1'), peer('p-l2', 'learner-2', 'learner')])
    await flush()
    expect(pcs).toHaveLength(2)
    expect(pcs[0]!.transceivers.map((t) => t.receiver.track.kind)).toEqual(['audio', 'video'])
    expect(new Set(signals().filter((s) => 'description' in s).map((s) => s.to))).toEqual(new Set(['p-m', 'p-l2']))
    expect(sent[0]).toEqual({ type: 'media', audio: true, video: true, screen: false })
    expect(engine.getSnapshot().remotes.map((r) => r.userId).sort()).toEqual(['learner-2', 'mentor-1'])
    engine.dispose()
  })

  it('the join carries the media state: no media frame on room.joined or for a newcomer, unless it changed meanwhile', async () => {
    const { engine, sent } = setup()
    expect(engine.joinMedia()).toEqual({ audio: true, video: true, screen: false })
    engine.onJoined('p-me', [peer('p-m', 'mentor-1')])
    engine.onPeerJoined(peer('p-l2', 'learner-2', 'learner'))
    await flush()
    expect(sent.filter((f) => f.type === 'media')).toEqual([])
    engine.joinMedia()
    engine.toggleAudio(false) // muted while the join was on its way
    sent.length = 0
    engine.onJoined('p-me2', [peer('p-m', 'mentor-1')])
    expect(sent.filter((f) => f.type === 'media')).toEqual([{ type: 'media', audio: false, video: true, screen: false }])
    engine.dispose()
  })

  it('a burst of trickled candidates goes out as one frame, after the description it belongs to', async () => {
    const { engine, signals } = setup()
    engine.onJoined('p-me', [peer('p-m', 'mentor-1')])
    await flush()
    const pc = pcs[0]!
    const candidate = (i: number) => ({ candidate: `candidate:${i} 1 udp 1 127.0.0.1 ${5000 + i} typ host`, sdpMid: '0', sdpMLineIndex: 0 })
    for (let i = 0; i < 5; i++) {
      const ev = new Event('icecandidate') as Event & { candidate: unknown }
      ev.candidate = { toJSON: () => candidate(i) }
      pc.dispatchEvent(ev)
    }
    expect(signals().filter((s) => 'candidates' in s || 'candidate' in s)).toEqual([]) // still collecting the burst
    await vi.advanceTimersByTimeAsync(20)
    const out = signals()
    const kinds = out.map((s) => ('description' in s ? 'description' : 'candidates' in s ? 'candidates' : 'candidate'))
    expect(kinds.filter((k) => k !== 'description')).toEqual(['candidates'])
    expect(kinds[0]).toBe('description')
    expect(out.find((s) => 'candidates' in s)).toEqual({ type: 'signal', to: 'p-m', candidates: [0, 1, 2, 3, 4].map(candidate) })
    engine.dispose()
  })

  it('a signaling drop keeps a healthy connection: same user, new peer id → remapped, no new connection', async () => {
    const { engine, signals } = setup()
    engine.onJoined('p-me', [peer('p-m', 'mentor-1')])
    await flush()
    pcs[0]!.setIce('connected', 'connected')
    engine.onPeerLeft(peer('p-m', 'mentor-1'))
    expect(engine.getSnapshot().remotes[0]).toMatchObject({ away: true, peerId: null })
    expect(pcs[0]!.closed).toBe(false)
    engine.onPeerJoined(peer('p-m2', 'mentor-1'))
    expect(engine.getSnapshot().remotes[0]).toMatchObject({ away: false, peerId: 'p-m2' })
    expect(pcs).toHaveLength(1)
    pcs[0]!.restartIce()
    await flush()
    expect(signals().at(-1)!.to).toBe('p-m2')
    engine.dispose()
  })

  it('whenSettled waits for every present participant to connect, and no longer than its limit', async () => {
    const { engine } = setup()
    let alone = false
    void engine.whenSettled(1500).then(() => (alone = true))
    await flush()
    expect(alone).toBe(true) // nobody here: nothing to wait for
    engine.onJoined('p-me', [peer('p-m', 'mentor-1')])
    let settled = false
    void engine.whenSettled(1500).then(() => (settled = true))
    await flush()
    expect(settled).toBe(false)
    pcs[0]!.setIce('connected', 'connected')
    await flush()
    expect(settled).toBe(true)
    engine.onPeerJoined(peer('p-x', 'learner-9'))
    let capped = false
    void engine.whenSettled(1500).then(() => (capped = true))
    await vi.advanceTimersByTimeAsync(1499)
    expect(capped).toBe(false) // the newcomer's connection is not up yet
    await vi.advanceTimersByTimeAsync(1)
    expect(capped).toBe(true)
    engine.dispose()
  })

  it('an away participant whose connection breaks is removed; a broken one leaving is removed at once', async () => {
    const { engine } = setup()
    engine.onJoined('p-me', [peer('p-m', 'mentor-1'), peer('p-x', 'learner-2', 'learner')])
    await flush()
    pcs[0]!.setIce('connected', 'connected')
    engine.onPeerLeft(peer('p-m', 'mentor-1'))
    pcs[0]!.setIce('disconnected', 'disconnected')
    engine.onPeerLeft(peer('p-x', 'learner-2'))
    expect(engine.getSnapshot().remotes).toEqual([])
    expect(pcs.every((p) => p.closed)).toBe(true)
    engine.dispose()
  })

  it('the side already in answers the newcomer on a fresh connection; a new fingerprint (a reload) replaces it', async () => {
    const { engine, signals } = setup()
    engine.onJoined('p-me', [])
    engine.onPeerJoined(peer('p-l', 'learner-9', 'learner'))
    engine.onSignal('p-l', { description: { type: 'offer', sdp: 'v=0\r\na=fingerprint:sha-256 AA\r\n' } })
    await flush()
    expect(pcs).toHaveLength(1)
    expect(signals().some((s) => 'description' in s && s.description.type === 'answer' && s.to === 'p-l')).toBe(true)
    engine.onSignal('p-l', { description: { type: 'offer', sdp: 'v=0\r\na=fingerprint:sha-256 BB\r\n' } })
    await flush()
    expect(pcs).toHaveLength(2)
    expect(pcs[0]!.closed).toBe(true)
    engine.dispose()
  })

  it('signals that outrun peer.joined wait for it', async () => {
    const { engine } = setup()
    engine.onJoined('p-me', [])
    engine.onSignal('p-l', { description: { type: 'offer', sdp: 'v=0\r\na=fingerprint:sha-256 AA\r\n' } })
    await flush()
    expect(pcs).toHaveLength(0)
    engine.onPeerJoined(peer('p-l', 'learner-9', 'learner'))
    await flush()
    expect(pcs).toHaveLength(1)
    expect(pcs[0]!.remoteDescription?.type).toBe('offer')
    engine.dispose()
  })

  it('ICE failure: "Reconnecting…", up to 3 ICE restarts, then "Rejoin?"', async () => {
    const { engine } = setup()
    engine.onJoined('p-me', [peer('p-m', 'mentor-1')])
    await flush()
    const pc = pcs[0]!
    pc.setIce('connected', 'connected')
    pc.setIce('failed', 'failed')
    expect(pc.restarts).toBe(1)
    expect(engine.getSnapshot().remotes[0]!.health).toBe('reconnecting')
    for (let i = 0; i < 4; i++) {
      await vi.advanceTimersByTimeAsync(8000)
      pc.setIce('failed', 'failed')
    }
    expect(pc.restarts).toBe(3)
    expect(engine.getSnapshot().needsRejoin).toBe(true)
    engine.resetForRejoin()
    expect(engine.getSnapshot().remotes).toEqual([])
    engine.dispose()
  })

  it('the second ICE restart goes through the TURN relay ("Trying alternate connection…") when one is configured', async () => {
    const { engine } = setup()
    ;(engine as unknown as { opts: { getConfig: () => Promise<RTCConfiguration> } }).opts.getConfig = async () => ({
      iceServers: [{ urls: ['stun:turn.test:3478'] }, { urls: ['turn:turn.test:3478?transport=udp'], username: 'u', credential: 'c' }],
    })
    engine.onJoined('p-me', [peer('p-m', 'mentor-1')])
    await flush()
    const pc = pcs[0]!
    pc.setIce('connected', 'connected')
    pc.setIce('failed', 'failed')
    expect(pc.configured).toEqual([]) // the first restart tries the direct path again
    expect(engine.getSnapshot().remotes[0]!.alternate).toBe(false)
    await vi.advanceTimersByTimeAsync(8000)
    pc.setIce('failed', 'failed')
    expect(pc.restarts).toBe(2)
    expect(pc.configured.map((c) => c.iceTransportPolicy)).toEqual(['relay'])
    expect(engine.getSnapshot().remotes[0]).toMatchObject({ alternate: true, health: 'reconnecting' })
    pc.setIce('connected', 'connected')
    expect(engine.getSnapshot().remotes[0]).toMatchObject({ alternate: false, health: 'connected' })
    engine.dispose()
  })

  it('without a TURN server there is no relay to fall back to', async () => {
    const { engine } = setup()
    engine.onJoined('p-me', [peer('p-m', 'mentor-1')])
    await flush()
    const pc = pcs[0]!
    pc.setIce('connected', 'connected')
    for (let i = 0; i < 3; i++) {
      pc.setIce('failed', 'failed')
      await vi.advanceTimersByTimeAsync(8000)
    }
    expect(pc.restarts).toBe(3)
    expect(pc.configured).toEqual([])
    expect(engine.getSnapshot().remotes[0]!.alternate).toBe(false)
    engine.dispose()
  })

  it('screen share replaces the sent video track on every connection and stopping restores the camera', async () => {
    const { engine, sent } = setup()
    const screenTrack = { kind: 'video', id: 'screen', addEventListener: () => {}, stop: () => {} }
    ;(engine as unknown as { opts: { getDisplayMedia: () => Promise<unknown> } }).opts.getDisplayMedia = async () => new FakeStream([screenTrack])
    engine.onJoined('p-me', [peer('p-m', 'mentor-1'), peer('p-x', 'learner-2', 'learner')])
    await flush()
    expect(engine.videoSenderTrackIds()).toEqual(['cam', 'cam'])
    await engine.startScreenShare()
    expect(engine.videoSenderTrackIds()).toEqual(['screen', 'screen'])
    expect(sent.at(-1)).toEqual({ type: 'media', audio: true, video: true, screen: true })
    await engine.stopScreenShare()
    expect(engine.videoSenderTrackIds()).toEqual(['cam', 'cam'])
    expect(sent.at(-1)).toMatchObject({ screen: false })
    engine.dispose()
  })
})
