// One RTCPeerConnection to one remote peer, negotiated with the "perfect
// negotiation" pattern (W3C WebRTC §10.7 / MDN): either side may renegotiate at
// any time (`negotiationneeded` → `setLocalDescription()` → send), and an
// offer collision ("glare") is settled by roles fixed from the peer ids — the
// polite peer rolls its own offer back and answers, the impolite one ignores
// the incoming offer (and the candidates that belong to it).
//
// Signaling messages for this peer are handled strictly one at a time (a
// promise chain): a candidate that arrives while the remote description is
// still being set waits for it instead of failing. One that arrives before any
// remote description (API Gateway invokes the backend per frame, so a trickled
// candidate can overtake its offer) is held and added right after it.
import type { SignalPayload } from '../api/protocol'

/** The polite peer is the one with the smaller id; both sides compute the same answer. */
export function isPolite(myPeerId: string, remotePeerId: string): boolean {
  return myPeerId < remotePeerId
}

/** The parts of RTCPeerConnection this file uses (a fake implements them in tests). */
export type PeerConnectionLike = Pick<
  RTCPeerConnection,
  | 'signalingState'
  | 'localDescription'
  | 'remoteDescription'
  | 'setLocalDescription'
  | 'setRemoteDescription'
  | 'addIceCandidate'
  | 'restartIce'
  | 'close'
  | 'addEventListener'
  | 'removeEventListener'
>

export interface PeerLinkOptions {
  pc: PeerConnectionLike
  polite: boolean
  send: (payload: SignalPayload) => void
  onError?: (error: unknown) => void
}

export class PeerLink {
  readonly pc: PeerConnectionLike
  polite: boolean
  private readonly send: (payload: SignalPayload) => void
  private readonly onError: (error: unknown) => void
  private makingOffer = false
  private ignoreOffer = false
  private settingRemoteAnswerPending = false
  private chain: Promise<void> = Promise.resolve()
  private closed = false
  private early: RTCIceCandidateInit[] = []
  /** Offers this side ignored (impolite, in a collision); for tests and diagnostics. */
  ignoredOffers = 0
  rollbacks = 0

  constructor({ pc, polite, send, onError }: PeerLinkOptions) {
    this.pc = pc
    this.polite = polite
    this.send = send
    this.onError = onError ?? (() => {})
    pc.addEventListener('negotiationneeded', this.onNegotiationNeeded)
    pc.addEventListener('icecandidate', this.onIceCandidate as EventListener)
  }

  private readonly onNegotiationNeeded = () => {
    // Queued behind any remote message in flight, so an offer is never made
    // halfway through applying the other side's description.
    this.enqueue(async () => {
      if (this.closed) return
      try {
        this.makingOffer = true
        await this.pc.setLocalDescription()
        const description = this.pc.localDescription
        if (description && !this.closed) this.send({ description: { type: description.type, sdp: description.sdp } })
      } finally {
        this.makingOffer = false
      }
    })
  }

  private readonly onIceCandidate = (event: RTCPeerConnectionIceEvent) => {
    if (this.closed || !event.candidate) return
    this.send({ candidate: event.candidate.toJSON ? event.candidate.toJSON() : (event.candidate as RTCIceCandidateInit) })
  }

  /** A signal from the remote peer; resolves once it (and all before it) are applied. */
  handle(message: { description?: RTCSessionDescriptionInit; candidate?: RTCIceCandidateInit | null }): Promise<void> {
    return this.enqueue(() => this.apply(message))
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.chain.then(task).catch((err: unknown) => this.onError(err))
    this.chain = next
    return next
  }

  private async apply({ description, candidate }: { description?: RTCSessionDescriptionInit; candidate?: RTCIceCandidateInit | null }) {
    if (this.closed) return
    const pc = this.pc
    if (description) {
      const readyForOffer = !this.makingOffer && (pc.signalingState === 'stable' || this.settingRemoteAnswerPending)
      const offerCollision = description.type === 'offer' && !readyForOffer
      this.ignoreOffer = !this.polite && offerCollision
      if (this.ignoreOffer) {
        this.ignoredOffers++
        return
      }
      this.settingRemoteAnswerPending = description.type === 'answer'
      if (offerCollision && pc.signalingState === 'have-local-offer') {
        // Polite side of a collision: drop our offer, take theirs.
        this.rollbacks++
        await pc.setLocalDescription({ type: 'rollback' })
      }
      try {
        await pc.setRemoteDescription(description)
      } finally {
        this.settingRemoteAnswerPending = false
      }
      for (const held of this.early.splice(0)) {
        try {
          await pc.addIceCandidate(held)
        } catch {
          // a candidate of an older negotiation: nothing to connect through, nothing to report
        }
      }
      if (description.type === 'offer') {
        await pc.setLocalDescription()
        const answer = pc.localDescription
        if (answer && !this.closed) this.send({ description: { type: answer.type, sdp: answer.sdp } })
      }
    } else if (candidate) {
      if (!pc.remoteDescription && !this.ignoreOffer) {
        this.early.push(candidate)
        return
      }
      try {
        await pc.addIceCandidate(candidate)
      } catch (err) {
        // Candidates of an offer we ignored are expected to fail.
        if (!this.ignoreOffer) throw err
      }
    }
  }

  /** An ICE restart: `negotiationneeded` follows and carries the new offer. */
  restartIce() {
    if (!this.closed) this.pc.restartIce()
  }

  close() {
    if (this.closed) return
    this.closed = true
    this.pc.removeEventListener('negotiationneeded', this.onNegotiationNeeded)
    this.pc.removeEventListener('icecandidate', this.onIceCandidate as EventListener)
    this.pc.close()
  }
}

/** The DTLS fingerprint of an SDP: a different one means the remote started a brand-new connection. */
export function sdpFingerprint(sdp: string | undefined | null): string | null {
  if (!sdp) return null
  const m = /a=fingerprint:(\S+ \S+)/.exec(sdp)
  return m ? m[1]! : null
}
