// What to do when a peer's ICE connection breaks: "Reconnecting…" and an ICE
// restart (after a short grace period for `disconnected`, at once for
// `failed`), at most `maxRestarts` times in a row; then stop and offer
// "Rejoin?". A connection that comes back resets the count.

export type LinkHealth = 'connecting' | 'connected' | 'reconnecting' | 'gave-up'
export type RestartAction = 'none' | 'restart' | 'give-up'

export class RestartPolicy {
  restarts = 0
  health: LinkHealth = 'connecting'
  private brokenSince: number | null = null
  private lastRestartAt = 0

  readonly maxRestarts: number
  /** How long `disconnected` may last before it counts as broken. */
  readonly graceMs: number
  /** Time given to each restart before the next one. */
  readonly restartTimeoutMs: number

  constructor(maxRestarts = 3, graceMs = 2500, restartTimeoutMs = 8000) {
    this.maxRestarts = maxRestarts
    this.graceMs = graceMs
    this.restartTimeoutMs = restartTimeoutMs
  }

  /** Feed every iceConnectionState change and a periodic tick; answers the action to take now. */
  update(state: RTCIceConnectionState | 'tick', now: number): RestartAction {
    if (this.health === 'gave-up') return 'none'
    if (state === 'connected' || state === 'completed') {
      this.health = 'connected'
      this.restarts = 0
      this.brokenSince = null
      return 'none'
    }
    if (state === 'disconnected' || state === 'failed') {
      if (this.brokenSince === null) this.brokenSince = now
      if (this.health === 'connected') this.health = 'reconnecting'
    }
    if (this.brokenSince === null) return 'none'
    const failed = state === 'failed'
    const due =
      this.restarts === 0
        ? failed || now - this.brokenSince >= this.graceMs
        : failed || now - this.lastRestartAt >= this.restartTimeoutMs
    if (!due || (this.restarts > 0 && now - this.lastRestartAt < 1000)) return 'none'
    if (this.restarts >= this.maxRestarts) {
      this.health = 'gave-up'
      return 'give-up'
    }
    this.restarts++
    this.lastRestartAt = now
    this.health = 'reconnecting'
    return 'restart'
  }

  reset() {
    this.restarts = 0
    this.brokenSince = null
    this.health = 'connecting'
  }
}
