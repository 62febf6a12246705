import { describe, expect, it } from 'vitest'
import type { SignalPayload } from '../api/protocol'
import { isPolite, PeerLink, sdpFingerprint, type PeerConnectionLike } from './peer-link'

const tick = () => new Promise<void>((r) => setTimeout(r, 0))

/** A tiny RTCPeerConnection: the JSEP signaling state machine, no media. Glare without rollback throws, like old browsers. */
class FakePC extends EventTarget {
  signalingState: RTCSignalingState = 'stable'
  localDescription: RTCSessionDescription | null = null
  remoteDescription: RTCSessionDescription | null = null
  candidates: RTCIceCandidateInit[] = []
  offers = 0
  closed = false
  readonly name: string
  constructor(name: string) {
    super()
    this.name = name
  }
  async setLocalDescription(desc?: RTCLocalSessionDescriptionInit) {
    await tick()
    if (desc?.type === 'rollback') {
      if (this.signalingState !== 'have-local-offer') throw new Error('InvalidStateError: nothing to roll back')
      this.signalingState = 'stable'
      return
    }
    if (this.signalingState === 'stable' || this.signalingState === 'have-local-offer') {
      this.localDescription = { type: 'offer', sdp: `offer ${this.name} #${++this.offers}` } as RTCSessionDescription
      this.signalingState = 'have-local-offer'
    } else if (this.signalingState === 'have-remote-offer') {
      this.localDescription = { type: 'answer', sdp: `answer ${this.name}` } as RTCSessionDescription
      this.signalingState = 'stable'
    }
  }
  async setRemoteDescription(desc: RTCSessionDescriptionInit) {
    await tick()
    if (desc.type === 'offer') {
      if (this.signalingState !== 'stable') throw new Error('InvalidStateError: offer in ' + this.signalingState)
      this.signalingState = 'have-remote-offer'
    } else if (desc.type === 'answer') {
      if (this.signalingState !== 'have-local-offer') throw new Error('InvalidStateError: answer in ' + this.signalingState)
      this.signalingState = 'stable'
    }
    this.remoteDescription = desc as RTCSessionDescription
  }
  async addIceCandidate(c: RTCIceCandidateInit) {
    if (!this.remoteDescription) throw new Error('InvalidStateError: no remote description')
    this.candidates.push(c)
  }
  restartIce() {
    this.dispatchEvent(new Event('negotiationneeded'))
  }
  close() {
    this.closed = true
  }
  emitCandidate(candidate: string) {
    const ev = new Event('icecandidate') as RTCPeerConnectionIceEvent
    Object.defineProperty(ev, 'candidate', { value: { toJSON: () => ({ candidate, sdpMid: '0' }) } })
    this.dispatchEvent(ev)
  }
}

/** Two links wired through an async "server" that delivers in order. */
function pair() {
  const a = new FakePC('a')
  const b = new FakePC('b')
  const errors: unknown[] = []
  const wire: { to: 'a' | 'b'; msg: SignalPayload }[] = []
  const links: Record<'a' | 'b', PeerLink> = {} as never
  const deliver = (to: 'a' | 'b') => (msg: SignalPayload) => {
    wire.push({ to, msg })
    setTimeout(() => void links[to].handle(msg), 1)
  }
  links.a = new PeerLink({ pc: a as unknown as PeerConnectionLike, polite: isPolite('peer-a', 'peer-b'), send: deliver('b'), onError: (e) => errors.push(e) })
  links.b = new PeerLink({ pc: b as unknown as PeerConnectionLike, polite: isPolite('peer-b', 'peer-a'), send: deliver('a'), onError: (e) => errors.push(e) })
  return { a, b, links, wire, errors }
}

async function settle() {
  for (let i = 0; i < 30; i++) await tick()
}

describe('perfect negotiation', () => {
  it('polite is the smaller id, the same answer on both sides', () => {
    expect(isPolite('a', 'b')).toBe(true)
    expect(isPolite('b', 'a')).toBe(false)
  })

  it('one side offers: the other answers and both end stable', async () => {
    const { a, b, errors } = pair()
    a.dispatchEvent(new Event('negotiationneeded'))
    await settle()
    expect(a.signalingState).toBe('stable')
    expect(b.signalingState).toBe('stable')
    expect(b.remoteDescription?.sdp).toBe('offer a #1')
    expect(a.remoteDescription?.sdp).toBe('answer b')
    expect(errors).toEqual([])
  })

  it('glare: both offer at once — the impolite side ignores, the polite side rolls back and answers', async () => {
    const { a, b, links, errors } = pair()
    a.dispatchEvent(new Event('negotiationneeded'))
    b.dispatchEvent(new Event('negotiationneeded'))
    await settle()
    expect(errors).toEqual([])
    expect(a.signalingState).toBe('stable')
    expect(b.signalingState).toBe('stable')
    // a is polite: it took b's offer
    expect(links.a.rollbacks).toBe(1)
    expect(links.b.ignoredOffers).toBe(1)
    expect(a.remoteDescription?.sdp).toBe('offer b #1')
    expect(b.remoteDescription?.sdp).toBe('answer a')
  })

  it('processes messages one at a time: a candidate right behind the offer waits for it', async () => {
    const b = new FakePC('b')
    const sent: SignalPayload[] = []
    const errors: unknown[] = []
    const link = new PeerLink({ pc: b as unknown as PeerConnectionLike, polite: true, send: (m) => sent.push(m), onError: (e) => errors.push(e) })
    const p1 = link.handle({ description: { type: 'offer', sdp: 'offer x' } })
    const p2 = link.handle({ candidate: { candidate: 'candidate:1', sdpMid: '0' } })
    await Promise.all([p1, p2])
    expect(errors).toEqual([])
    expect(b.candidates).toHaveLength(1)
    expect(sent).toEqual([{ description: { type: 'answer', sdp: 'answer b' } }])
  })

  it('holds a candidate that overtook its offer and adds it once the offer is set', async () => {
    const b = new FakePC('b')
    const sent: SignalPayload[] = []
    const errors: unknown[] = []
    const link = new PeerLink({ pc: b as unknown as PeerConnectionLike, polite: true, send: (m) => sent.push(m), onError: (e) => errors.push(e) })
    await link.handle({ candidate: { candidate: 'candidate:early', sdpMid: '0' } })
    expect(b.candidates).toEqual([])
    await link.handle({ description: { type: 'offer', sdp: 'offer x' } })
    expect(errors).toEqual([])
    expect(b.candidates).toEqual([{ candidate: 'candidate:early', sdpMid: '0' }])
    expect(sent).toEqual([{ description: { type: 'answer', sdp: 'answer b' } }])
  })

  it('candidates of an ignored offer fail quietly; local candidates are sent', async () => {
    const a = new FakePC('a')
    const sent: SignalPayload[] = []
    const errors: unknown[] = []
    const link = new PeerLink({ pc: a as unknown as PeerConnectionLike, polite: false, send: (m) => sent.push(m), onError: (e) => errors.push(e) })
    a.dispatchEvent(new Event('negotiationneeded'))
    await settle()
    await link.handle({ description: { type: 'offer', sdp: 'offer colliding' } })
    await link.handle({ candidate: { candidate: 'candidate:9', sdpMid: '0' } })
    expect(link.ignoredOffers).toBe(1)
    expect(errors).toEqual([])
    a.emitCandidate('candidate:local')
    expect(sent.at(-1)).toEqual({ candidate: { candidate: 'candidate:local', sdpMid: '0' } })
  })

  it('restartIce renegotiates through negotiationneeded', async () => {
    const { a, b, links } = pair()
    a.dispatchEvent(new Event('negotiationneeded'))
    await settle()
    links.a.restartIce()
    await settle()
    expect(b.remoteDescription?.sdp).toBe('offer a #2')
    expect(a.signalingState).toBe('stable')
    links.a.close()
    expect(a.closed).toBe(true)
  })

  it('reads the DTLS fingerprint of an SDP', () => {
    expect(sdpFingerprint('v=0\r\na=fingerprint:sha-256 AA:BB\r\n')).toBe('sha-256 AA:BB')
    expect(sdpFingerprint(undefined)).toBeNull()
  })
})
