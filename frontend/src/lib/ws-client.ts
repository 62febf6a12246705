// The one WebSocket client.
//
// Every (re)connection fetches a fresh single-use ticket (POST
// /api/realtime/ticket), opens `url?ticket=…`, subscribes to the configured
// channels, keeps the line alive with `{"action":"ping"}` and reconnects with
// exponential backoff and full jitter when the socket drops. A silent socket
// (no frame for two ping intervals) counts as dropped.
//
// Other features ride on the same socket instead of opening a second one:
// `send(frame)` writes a frame while the line is open, and `addListener`
// hands them every parsed frame (including kinds this file does not know,
// such as the video room's) and every status change — e.g. the room re-sends
// its `join` whenever the status comes back to 'open'.
//
// Lossless reconnect: every frame the server pushes to the user carries the
// user's `seq` (one counter per user, shared by all their tabs). The client
// remembers the highest it saw; when it subscribes to the user's channel the
// server answers `last_seq`. After a reconnect, if `last_seq` is ahead, the
// client fetches everything after the last one it saw (`fetchSince`, i.e.
// GET /realtime/events?since=) and hands those frames on exactly like live
// ones — each seq once, even if it also arrived live — then calls
// `onResync` so the lists on screen refetch. Each tab does this on its own.
// A gap while connected (seq 7 after 5: a post to this socket failed while
// it stayed up) is filled the same way, after a short wait for late frames.
import type { RealtimeEvent, RealtimeTicket } from './api-types'

export type RealtimeStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'stopped'

export interface WebSocketLike {
  readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  onopen: ((ev: Event) => void) | null
  onclose: ((ev: CloseEvent) => void) | null
  onerror: ((ev: Event) => void) | null
  onmessage: ((ev: MessageEvent) => void) | null
}

export type WebSocketFactory = (url: string) => WebSocketLike

/** Any parsed frame; features narrow it to their own frame types. */
export interface AnyFrame {
  type: string
  [field: string]: unknown
}

export interface RealtimeListener {
  onFrame?: (frame: AnyFrame) => void
  onStatus?: (status: RealtimeStatus) => void
}

/** Frames pushed after `since`, oldest first (all pages), and the user's latest seq. */
export type FetchSince = (since: number) => Promise<{ items: AnyFrame[]; last_seq: number }>

export interface RealtimeClientOptions {
  /** Fetches a fresh ticket. */
  getTicket: () => Promise<RealtimeTicket>
  /** Fallback URL (GET /meta/config → ws_url) when the ticket carries none. */
  fallbackUrl?: () => string | undefined
  channels: string[]
  onEvent: (event: RealtimeEvent) => void
  onStatus?: (status: RealtimeStatus) => void
  createSocket?: WebSocketFactory
  pingIntervalMs?: number
  /** First reconnect delay ceiling; doubles per failed attempt. */
  baseDelayMs?: number
  maxDelayMs?: number
  random?: () => number
  /** The replay fetch (signed-in clients); without it a reconnect only resyncs lists. */
  fetchSince?: FetchSince
  /** After a reconnect (and its replay): refetch what is on screen. */
  onResync?: () => void
}

/** Remembers which sequence numbers were handed on, so a frame seen live and in a replay counts once. */
export class SeqTracker {
  highest: number | null = null
  private floor: number | null = null
  private readonly seen = new Set<number>()

  /** Start from the server's figure without replaying (a fresh tab). */
  baseline(seq: number) {
    if (this.highest === null || seq > this.highest) this.highest = seq
    if (this.floor === null || seq > this.floor) this.floor = seq
  }

  /** Whether this seq was handed on (or lies at or below the baseline). */
  has(seq: number): boolean {
    return this.seen.has(seq) || (this.floor !== null && seq <= this.floor)
  }

  /** True the first time a seq is offered. */
  accept(seq: number): boolean {
    if (this.seen.has(seq)) return false
    if (this.highest !== null && seq <= this.highest - 1000) return false // long replayed or baselined
    this.seen.add(seq)
    if (this.highest === null || seq > this.highest) this.highest = seq
    if (this.seen.size > 2000) {
      const floor = this.highest - 1000
      for (const s of this.seen) if (s < floor) this.seen.delete(s)
    }
    return true
  }
}

const OPEN = 1

export function reconnectDelay(
  attempt: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number,
): number {
  // "Full jitter": uniform in [ceiling/2, ceiling] so clients that dropped
  // together do not all come back in the same instant, yet never hammer.
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt)
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}

export function withTicket(url: string, ticket: string): string {
  const sep = url.includes('?') ? '&' : '?'
  return `${url}${sep}ticket=${encodeURIComponent(ticket)}`
}

export class RealtimeClient {
  private readonly opts: Required<
    Omit<RealtimeClientOptions, 'onStatus' | 'fallbackUrl' | 'fetchSince' | 'onResync'>
  > &
    Pick<RealtimeClientOptions, 'onStatus' | 'fallbackUrl' | 'fetchSince' | 'onResync'>
  private socket: WebSocketLike | null = null
  private attempt = 0
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null
  private pingTimer: ReturnType<typeof setInterval> | null = null
  private lastFrameAt = 0
  private stopped = true
  private generation = 0
  private _status: RealtimeStatus = 'idle'
  private readonly listeners = new Set<RealtimeListener>()
  readonly seqs = new SeqTracker()
  /** The highest seq seen when the line last dropped: the replay starts after it. */
  private seqAtDrop: number | null = null
  private connectedOnce = false
  private reconnecting = false
  private gapSince: number | null = null
  private gapTimer: ReturnType<typeof setTimeout> | null = null
  /** How long a gap may stay open (frames of concurrent pushes can overtake each other). */
  gapWaitMs = 1500

  constructor(options: RealtimeClientOptions) {
    // Options explicitly set to undefined must not wipe out the defaults.
    const given = Object.fromEntries(
      Object.entries(options).filter(([, v]) => v !== undefined),
    ) as RealtimeClientOptions
    this.opts = {
      createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
      pingIntervalMs: 30000,
      baseDelayMs: 1000,
      maxDelayMs: 30000,
      random: Math.random,
      ...given,
    }
  }

  get status(): RealtimeStatus {
    return this._status
  }

  /** Failed attempts since the last successful subscription. */
  get failedAttempts(): number {
    return this.attempt
  }

  start() {
    if (!this.stopped) return
    this.stopped = false
    void this.connect()
  }

  stop() {
    this.stopped = true
    this.generation++
    this.clearTimers()
    const socket = this.socket
    this.socket = null
    if (socket) {
      socket.onclose = null
      socket.onmessage = null
      socket.onerror = null
      socket.onopen = null
      try {
        socket.close(1000, 'client stop')
      } catch {
        // already closed
      }
    }
    this.setStatus('stopped')
  }

  /** True when a frame sent now goes out (subscribed and open). */
  get isOpen(): boolean {
    return this._status === 'open' && this.socket !== null && this.socket.readyState === OPEN
  }

  /**
   * Sends one JSON frame if the line is open; answers whether it went out.
   * Nothing is queued: a caller that needs delivery re-sends on 'open'.
   */
  send(frame: object): boolean {
    const socket = this.socket
    if (!socket || socket.readyState !== OPEN) return false
    try {
      socket.send(JSON.stringify(frame))
      return true
    } catch {
      return false
    }
  }

  /** Every frame and status change, until the returned function is called. */
  addListener(listener: RealtimeListener): () => void {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }

  /** Reconnect now (e.g. the browser came back online), skipping the wait. */
  reconnectNow() {
    if (this.stopped) return
    if (this.socket && this.socket.readyState === OPEN) return
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer)
    this.reconnectTimer = null
    void this.connect()
  }

  private setStatus(status: RealtimeStatus) {
    if (this._status === status) return
    this._status = status
    this.opts.onStatus?.(status)
    for (const listener of [...this.listeners]) listener.onStatus?.(status)
  }

  private clearTimers() {
    if (this.gapTimer) clearTimeout(this.gapTimer)
    this.gapTimer = null
    this.gapSince = null
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer)
    if (this.pingTimer) clearInterval(this.pingTimer)
    this.reconnectTimer = null
    this.pingTimer = null
  }

  private scheduleReconnect() {
    if (this.stopped) return
    this.clearTimers()
    const delay = reconnectDelay(
      this.attempt,
      this.opts.baseDelayMs,
      this.opts.maxDelayMs,
      this.opts.random,
    )
    this.attempt++
    this.setStatus('reconnecting')
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null
      void this.connect()
    }, delay)
  }

  private async connect() {
    const generation = ++this.generation
    this.setStatus(this.attempt === 0 ? 'connecting' : 'reconnecting')
    let ticket: RealtimeTicket
    try {
      ticket = await this.opts.getTicket()
    } catch {
      if (generation === this.generation) this.scheduleReconnect()
      return
    }
    if (this.stopped || generation !== this.generation) return
    const base = ticket.url || this.opts.fallbackUrl?.()
    if (!base) {
      this.scheduleReconnect()
      return
    }
    let socket: WebSocketLike
    try {
      socket = this.opts.createSocket(withTicket(base, ticket.ticket))
    } catch {
      this.scheduleReconnect()
      return
    }
    this.socket = socket

    socket.onopen = () => {
      if (generation !== this.generation) return
      this.lastFrameAt = Date.now()
      for (const channel of this.opts.channels) {
        socket.send(JSON.stringify({ action: 'subscribe', channel }))
      }
      this.startPing(socket, generation)
    }
    socket.onmessage = (ev: MessageEvent) => {
      if (generation !== this.generation) return
      this.lastFrameAt = Date.now()
      let event: RealtimeEvent
      try {
        event = JSON.parse(String(ev.data)) as RealtimeEvent
      } catch {
        return
      }
      if (event.type === 'subscribed') {
        this.attempt = 0
        this.setStatus('open')
        const lastSeq = (event as { last_seq?: unknown }).last_seq
        if (typeof lastSeq === 'number') void this.catchUp(lastSeq, generation)
      }
      if (event.type === 'pong') return
      this.dispatch(event as unknown as AnyFrame)
    }
    socket.onerror = () => {
      // onclose follows and handles the reconnect
    }
    socket.onclose = () => {
      if (generation !== this.generation) return
      this.socket = null
      this.markDropped()
      this.scheduleReconnect()
    }
  }

  /** A frame to the app: once per seq (live or replayed); frames without a seq always. */
  private dispatch(frame: AnyFrame) {
    const seq = frame.seq
    const before = this.seqs.highest
    if (typeof seq === 'number' && !this.seqs.accept(seq)) return
    if (typeof seq === 'number' && this.connectedOnce && before !== null && seq > before + 1) this.watchGap(before)
    this.opts.onEvent(frame as unknown as RealtimeEvent)
    for (const listener of [...this.listeners]) listener.onFrame?.(frame)
  }

  /** Frames after `since` are missing: if they have not come by themselves shortly, fetch them. */
  private watchGap(since: number) {
    if (!this.opts.fetchSince) return
    this.gapSince = this.gapSince === null ? since : Math.min(this.gapSince, since)
    if (this.gapTimer) return
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null
      const from = this.gapSince
      this.gapSince = null
      const top = this.seqs.highest
      if (from === null || top === null || this.stopped) return
      let missing = false
      for (let s = from + 1; s <= top && !missing; s++) missing = !this.seqs.has(s)
      if (!missing) return
      const generation = this.generation
      void this.opts
        .fetchSince?.(from)
        .then((page) => {
          if (generation === this.generation) for (const frame of page.items) this.dispatch(frame)
        })
        .catch(() => {
          // the next reconnect's replay catches up
        })
    }, this.gapWaitMs)
  }

  private markDropped() {
    if (this.connectedOnce && this.seqAtDrop === null) this.seqAtDrop = this.seqs.highest ?? 0
    this.reconnecting = this.connectedOnce
  }

  /** Subscribed to the user's channel: replay what this tab missed, then resync the lists. */
  private async catchUp(lastSeq: number, generation: number) {
    if (!this.connectedOnce) {
      this.connectedOnce = true
      if (this.seqs.highest === null) this.seqs.baseline(lastSeq)
      return
    }
    const since = this.seqAtDrop ?? this.seqs.highest ?? lastSeq
    const wasReconnect = this.reconnecting
    this.seqAtDrop = null
    this.reconnecting = false
    if (lastSeq > since && this.opts.fetchSince) {
      try {
        const page = await this.opts.fetchSince(since)
        if (generation !== this.generation) return
        for (const frame of page.items) this.dispatch(frame)
      } catch {
        // The lists refetch below; the bell's own query recounts unread
      }
    }
    if (wasReconnect) this.opts.onResync?.()
  }

  private startPing(socket: WebSocketLike, generation: number) {
    if (this.pingTimer) clearInterval(this.pingTimer)
    const interval = this.opts.pingIntervalMs
    this.pingTimer = setInterval(() => {
      if (generation !== this.generation || socket.readyState !== OPEN) return
      if (Date.now() - this.lastFrameAt > interval * 2) {
        // Half-open connection: nothing came back, not even a pong.
        try {
          socket.close(4000, 'keepalive timeout')
        } catch {
          // ignore
        }
        if (this.socket === socket) {
          this.socket = null
          this.generation++
          this.markDropped()
          this.scheduleReconnect()
        }
        return
      }
      socket.send(JSON.stringify({ action: 'ping' }))
    }, interval)
  }
}
