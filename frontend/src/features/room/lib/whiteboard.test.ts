import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Point, WhiteboardOp } from '../api/protocol'
import { applyOps, byteLength, emptyBoard, packOps, replayBatches, roundPoint, WhiteboardOutbox } from './whiteboard'

const ENVELOPE = { action: 'room', type: 'wb', room: 'room-abc' }
const longStroke = (n: number, id = 's1'): WhiteboardOp => ({
  op: 'stroke',
  id,
  tool: 'pen',
  color: '#1e3a8a',
  width: 4,
  points: Array.from({ length: n }, (_, i): Point => roundPoint([(i % 997) / 997 + 0.00001, ((i * 7) % 991) / 991 + 0.00001])),
})

describe('whiteboard model', () => {
  it('appends points to a stroke seen before, undoes by id, clears', () => {
    let b = applyOps(emptyBoard(), [longStroke(2, 'a'), longStroke(3, 'b')])
    b = applyOps(b, [{ ...(longStroke(4, 'a') as Extract<WhiteboardOp, { op: 'stroke' }>), points: [[0.5, 0.5]] }])
    expect(b.strokes.map((s) => [s.id, s.points.length])).toEqual([['a', 3], ['b', 3]])
    b = applyOps(b, [{ op: 'undo', id: 'a' }])
    expect(b.strokes.map((s) => s.id)).toEqual(['b'])
    expect(applyOps(b, [{ op: 'clear' }]).strokes).toEqual([])
  })

  it('replays stored batches in seq order, each once', () => {
    const { board, seen } = replayBatches([
      { seq: 2, sender_id: 'm', ops: [{ op: 'undo', id: 'a' }], sent_at: '' },
      { seq: 1, sender_id: 'm', ops: [longStroke(2, 'a'), longStroke(2, 'b')], sent_at: '' },
    ])
    expect(board.strokes.map((s) => s.id)).toEqual(['b'])
    expect([...seen]).toEqual([1, 2])
  })
})

describe('batching under 24 KB', () => {
  it('keeps small ops in one batch', () => {
    const batches = packOps([longStroke(10, 'a'), { op: 'undo', id: 'a' }], ENVELOPE)
    expect(batches).toHaveLength(1)
  })

  it('splits a huge stroke into same-id pieces, every frame ≤ 24 KB, no point lost', () => {
    const big = longStroke(8000) as Extract<WhiteboardOp, { op: 'stroke' }>
    expect(byteLength(big)).toBeGreaterThan(24 * 1024 * 3)
    const batches = packOps([longStroke(5, 'x'), big, { op: 'undo', id: 'x' }], ENVELOPE)
    expect(batches.length).toBeGreaterThan(3)
    for (const ops of batches) expect(byteLength({ ...ENVELOPE, ops })).toBeLessThanOrEqual(24 * 1024)
    const pieces = batches.flat().filter((o) => o.op === 'stroke' && o.id === 's1') as (typeof big)[]
    expect(pieces.flatMap((p) => p.points)).toEqual(big.points)
    // and the receiver rebuilds the same stroke
    const board = applyOps(emptyBoard(), batches.flat())
    expect(board.strokes.map((s) => s.id)).toEqual(['s1'])
  })

  it('respects the server caps: ≤ 200 ops a batch, ≤ 2,000 points an op', () => {
    const many = Array.from({ length: 450 }, (_, i): WhiteboardOp => ({ op: 'undo', id: `u${i}` }))
    const batches = packOps([...many, longStroke(4500, 'long')], ENVELOPE, 1024 * 1024)
    for (const ops of batches) expect(ops.length).toBeLessThanOrEqual(200)
    const pieces = batches.flat().filter((o) => o.op === 'stroke') as { points: Point[] }[]
    for (const p of pieces) expect(p.points.length).toBeLessThanOrEqual(2000)
    expect(pieces.reduce((n, p) => n + p.points.length, 0)).toBe(4500)
  })

  it('the outbox flushes every 50 ms and merges points of the stroke being drawn', () => {
    vi.useFakeTimers()
    const sent: WhiteboardOp[][] = []
    const box = new WhiteboardOutbox((ops) => sent.push(ops), ENVELOPE, 50)
    box.add(longStroke(1, 'a'))
    box.add({ ...(longStroke(1, 'a') as Extract<WhiteboardOp, { op: 'stroke' }>), points: [[0.2, 0.2]] })
    vi.advanceTimersByTime(49)
    expect(sent).toHaveLength(0)
    vi.advanceTimersByTime(1)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toHaveLength(1)
    expect((sent[0]![0] as { points: Point[] }).points).toHaveLength(2)
    box.add(longStroke(9000, 'b'))
    box.dispose()
    expect(sent.length).toBeGreaterThan(2)
    for (const ops of sent) expect(byteLength({ ...ENVELOPE, ops })).toBeLessThanOrEqual(24 * 1024)
  })
})

beforeEach(() => vi.useRealTimers())
afterEach(() => vi.useRealTimers())
