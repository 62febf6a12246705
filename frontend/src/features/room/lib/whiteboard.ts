// The whiteboard's model (ops in, strokes out) and the batching that keeps
// every `wb` frame under the protocol's 24 KB: a long stroke is split into
// several ops with the same id whose points are appended on the other side.
import { LIMITS, type Point, type WhiteboardBatchOut, type WhiteboardOp } from '../api/protocol'

export type StrokeOp = Extract<WhiteboardOp, { op: 'stroke' }>

export interface Stroke {
  id: string
  tool: 'pen' | 'eraser'
  color: string
  width: number
  points: Point[]
}

export interface Board {
  /** In drawing order. */
  strokes: Stroke[]
}

export const emptyBoard = (): Board => ({ strokes: [] })

/** Applies ops in order (a stroke id seen before gets its points appended). Pure. */
export function applyOps(board: Board, ops: readonly WhiteboardOp[]): Board {
  let strokes = board.strokes
  for (const op of ops) {
    if (op.op === 'clear') {
      strokes = []
    } else if (op.op === 'undo') {
      strokes = strokes.filter((s) => s.id !== op.id)
    } else if (op.op === 'stroke') {
      const i = strokes.findIndex((s) => s.id === op.id)
      if (i >= 0) {
        const prev = strokes[i]!
        strokes = [...strokes.slice(0, i), { ...prev, points: [...prev.points, ...op.points] }, ...strokes.slice(i + 1)]
      } else {
        strokes = [...strokes, { id: op.id, tool: op.tool, color: op.color, width: op.width, points: [...op.points] }]
      }
    }
  }
  return strokes === board.strokes ? board : { strokes }
}

/** Replays stored batches in `seq` order, each seq once (history and live frames may overlap). */
export function replayBatches(batches: readonly WhiteboardBatchOut[], seen = new Set<number>()): { board: Board; seen: Set<number> } {
  let board = emptyBoard()
  for (const batch of [...batches].sort((a, b) => a.seq - b.seq)) {
    if (seen.has(batch.seq)) continue
    seen.add(batch.seq)
    board = applyOps(board, batch.ops)
  }
  return { board, seen }
}

/** Points are normalised to 0..1; four decimals is sub-pixel on any screen and keeps frames small. */
export function roundPoint([x, y]: Point): Point {
  const r = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 10_000) / 10_000
  return [r(x), r(y)]
}

const encoder = new TextEncoder()
export const byteLength = (value: unknown) => encoder.encode(JSON.stringify(value)).length

/**
 * Packs ops into batches whose whole frame (`envelope` + `ops`) serialises to
 * at most `maxBytes`. A stroke too big for the room left in a batch is split
 * into pieces with the same id.
 */
export function packOps(
  ops: readonly WhiteboardOp[],
  envelope: Record<string, unknown>,
  maxBytes: number = LIMITS.wbBatchMaxBytes,
): WhiteboardOp[][] {
  const base = byteLength({ ...envelope, ops: [] })
  const budget = maxBytes - base
  if (budget < 200) throw new Error('whiteboard envelope leaves no room for ops')
  const batches: WhiteboardOp[][] = []
  let current: WhiteboardOp[] = []
  let used = 0
  const sep = () => (current.length ? 1 : 0) // the comma between ops
  const add = (op: WhiteboardOp, size: number) => {
    used += sep() + size
    current.push(op)
  }
  const cut = () => {
    if (current.length) batches.push(current)
    current = []
    used = 0
  }
  for (const op of splitLong(ops)) {
    if (current.length >= MAX_OPS_PER_BATCH) cut()
    const size = byteLength(op)
    if (used + sep() + size <= budget) {
      add(op, size)
    } else if (op.op !== 'stroke' || size <= budget) {
      cut()
      add(op, size)
    } else {
      // A stroke bigger than a whole batch: fill what is left here, then whole batches.
      let rest = op.points
      while (rest.length) {
        const n = fitPoints(op, rest, budget - used - sep())
        if (n === 0) {
          if (!current.length) throw new Error('a single whiteboard point does not fit in a batch')
          cut()
          continue
        }
        const piece: StrokeOp = { ...op, points: rest.slice(0, n) }
        if (current.length >= MAX_OPS_PER_BATCH) cut()
        add(piece, byteLength(piece))
        rest = rest.slice(n)
      }
    }
  }
  cut()
  return batches
}

/** The server's caps: 200 ops a batch, 2,000 points an op. */
export const MAX_OPS_PER_BATCH = 200
export const MAX_POINTS_PER_OP = 2000

function* splitLong(ops: readonly WhiteboardOp[]): Generator<WhiteboardOp> {
  for (const op of ops) {
    if (op.op !== 'stroke' || op.points.length <= MAX_POINTS_PER_OP) {
      yield op
      continue
    }
    for (let i = 0; i < op.points.length; i += MAX_POINTS_PER_OP) yield { ...op, points: op.points.slice(i, i + MAX_POINTS_PER_OP) }
  }
}

/** How many of `points` fit in an op of `room` bytes (binary search on the serialised size). */
function fitPoints(op: StrokeOp, points: Point[], room: number): number {
  let lo = 0
  let hi = points.length
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    if (byteLength({ ...op, points: points.slice(0, mid) }) <= room) lo = mid
    else hi = mid - 1
  }
  return lo
}

/**
 * Collects ops as they are drawn and sends them every `intervalMs` (~50 ms),
 * in batches that respect the frame limit. Consecutive pieces of the same
 * stroke are merged before sending.
 */
export class WhiteboardOutbox {
  private pending: WhiteboardOp[] = []
  private timer: ReturnType<typeof setTimeout> | null = null
  private readonly send: (ops: WhiteboardOp[]) => void
  private readonly envelope: Record<string, unknown>
  private readonly intervalMs: number
  private readonly maxBytes: number

  constructor(send: (ops: WhiteboardOp[]) => void, envelope: Record<string, unknown>, intervalMs = 50, maxBytes: number = LIMITS.wbBatchMaxBytes) {
    this.send = send
    this.envelope = envelope
    this.intervalMs = intervalMs
    this.maxBytes = maxBytes
  }

  add(op: WhiteboardOp) {
    const last = this.pending[this.pending.length - 1]
    if (last && last.op === 'stroke' && op.op === 'stroke' && last.id === op.id) {
      this.pending[this.pending.length - 1] = { ...last, points: [...last.points, ...op.points] }
    } else {
      this.pending.push(op)
    }
    if (!this.timer) this.timer = setTimeout(() => this.flush(), this.intervalMs)
  }

  flush() {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const ops = this.pending
    this.pending = []
    if (!ops.length) return
    for (const batch of packOps(ops, this.envelope, this.maxBytes)) this.send(batch)
  }

  dispose() {
    this.flush()
  }
}

/** Draws the board on a 2D context sized width × height (CSS pixels already scaled). */
export function drawBoard(ctx: CanvasRenderingContext2D, board: Board, width: number, height: number) {
  ctx.clearRect(0, 0, width, height)
  for (const stroke of board.strokes) {
    if (!stroke.points.length) continue
    ctx.save()
    ctx.globalCompositeOperation = stroke.tool === 'eraser' ? 'destination-out' : 'source-over'
    ctx.strokeStyle = stroke.color
    ctx.lineWidth = stroke.width * (width / 1000)
    ctx.lineCap = 'round'
    ctx.lineJoin = 'round'
    ctx.beginPath()
    const [x0, y0] = stroke.points[0]!
    ctx.moveTo(x0 * width, y0 * height)
    if (stroke.points.length === 1) ctx.lineTo(x0 * width + 0.01, y0 * height)
    for (const [x, y] of stroke.points.slice(1)) ctx.lineTo(x * width, y * height)
    ctx.stroke()
    ctx.restore()
  }
}

/** Renders the board on a white background as a PNG (the mentor's snapshot). */
export function boardToPng(board: Board, width = 1600, height = 900): Promise<Blob | null> {
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const ctx = canvas.getContext('2d')
  if (!ctx) return Promise.resolve(null)
  // Strokes first on a transparent layer (the eraser cuts through them), then under it white.
  drawBoard(ctx, board, width, height)
  ctx.globalCompositeOperation = 'destination-over'
  ctx.fillStyle = '#ffffff'
  ctx.fillRect(0, 0, width, height)
  return new Promise((resolve) => canvas.toBlob((b) => resolve(b), 'image/png'))
}
