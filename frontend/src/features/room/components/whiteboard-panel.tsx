import { useEffect, useRef, useState } from 'react'
import { Button } from '@/components/ui/button'
import { cn } from '@/lib/cn'
import type { Point, WhiteboardOp } from '../api/protocol'
import { drawBoard, roundPoint, type Board } from '../lib/whiteboard'

const COLORS = [
  { value: '#1f2937', name: 'Black' },
  { value: '#1e3a8a', name: 'Blue' },
  { value: '#b91c1c', name: 'Red' },
  { value: '#166534', name: 'Green' },
  { value: '#c73a18', name: 'Orange' },
  { value: '#6d28d9', name: 'Purple' },
]
const WIDTHS = [
  { value: 3, name: 'Thin' },
  { value: 6, name: 'Medium' },
  { value: 12, name: 'Thick' },
]

function newId() {
  return `s-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
}

/**
 * The shared whiteboard: pen, colours, widths, eraser, undo (your last
 * stroke), clear (mentor) and "Save snapshot" (mentor). Coordinates are
 * normalised to 0..1 so every screen size sees the same board.
 */
export function WhiteboardPanel({
  board,
  onOp,
  isMentor,
  onSnapshot,
  saving,
}: {
  board: Board
  onOp: (op: WhiteboardOp) => void
  isMentor: boolean
  onSnapshot?: () => void
  saving?: boolean
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const [tool, setTool] = useState<'pen' | 'eraser'>('pen')
  const [color, setColor] = useState(COLORS[1]!.value)
  const [width, setWidth] = useState(6)
  const drawing = useRef<{ id: string; last: Point } | null>(null)
  const mine = useRef<string[]>([])
  const [mineCount, setMineCount] = useState(0)
  const [size, setSize] = useState({ w: 0, h: 0 })

  useEffect(() => {
    const canvas = canvasRef.current
    if (!canvas || typeof ResizeObserver === 'undefined') return
    const ro = new ResizeObserver(() => setSize({ w: canvas.clientWidth, h: canvas.clientHeight }))
    ro.observe(canvas)
    return () => ro.disconnect()
  }, [])

  useEffect(() => {
    const canvas = canvasRef.current
    if (!canvas || !size.w) return
    const dpr = window.devicePixelRatio || 1
    canvas.width = Math.round(size.w * dpr)
    canvas.height = Math.round(size.h * dpr)
    const ctx = canvas.getContext('2d')
    if (!ctx) return
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0)
    drawBoard(ctx, board, size.w, size.h)
  }, [board, size])

  const point = (e: React.PointerEvent<HTMLCanvasElement>): Point => {
    const r = e.currentTarget.getBoundingClientRect()
    return roundPoint([(e.clientX - r.left) / Math.max(1, r.width), (e.clientY - r.top) / Math.max(1, r.height)])
  }

  const strokeOp = (id: string, points: Point[]): WhiteboardOp => ({ op: 'stroke', id, tool, color: tool === 'eraser' ? '#ffffff' : color, width: tool === 'eraser' ? Math.max(width * 3, 18) : width, points })

  return (
    <div className="flex h-full min-h-0 flex-col gap-3">
      <div role="toolbar" aria-label="Whiteboard tools" className="flex flex-wrap items-center gap-2">
        <div role="radiogroup" aria-label="Tool" className="flex gap-1">
          {(['pen', 'eraser'] as const).map((t) => (
            <button
              key={t}
              type="button"
              role="radio"
              aria-checked={tool === t}
              onClick={() => setTool(t)}
              className={cn('min-h-tap rounded-[var(--radius-control)] border px-3 text-base', tool === t ? 'border-primary bg-primary text-white' : 'border-line bg-surface text-ink')}
            >
              {t === 'pen' ? 'Pen' : 'Eraser'}
            </button>
          ))}
        </div>
        <div role="radiogroup" aria-label="Colour" className="flex gap-1">
          {COLORS.map((c) => (
            <button
              key={c.value}
              type="button"
              role="radio"
              aria-checked={color === c.value}
              aria-label={c.name}
              title={c.name}
              onClick={() => {
                setColor(c.value)
                setTool('pen')
              }}
              className={cn('size-tap rounded-full border-2', color === c.value && tool === 'pen' ? 'border-accent-strong ring-2 ring-accent' : 'border-white')}
              style={{ background: c.value }}
            />
          ))}
        </div>
        <label className="flex items-center gap-2 text-base">
          <span className="sr-only md:not-sr-only">Width</span>
          <select value={width} onChange={(e) => setWidth(Number(e.target.value))} className="min-h-tap rounded-[var(--radius-control)] border border-line bg-surface px-2 text-base">
            {WIDTHS.map((w) => (
              <option key={w.value} value={w.value}>
                {w.name}
              </option>
            ))}
          </select>
        </label>
        <Button
          variant="secondary"
          disabled={!mineCount}
          onClick={() => {
            const id = mine.current.pop()
            setMineCount(mine.current.length)
            if (id) onOp({ op: 'undo', id })
          }}
        >
          Undo
        </Button>
        {isMentor ? (
          <>
            <Button variant="secondary" onClick={() => onOp({ op: 'clear' })}>
              Clear
            </Button>
            {onSnapshot ? (
              <Button variant="primary" loading={saving} onClick={onSnapshot}>
                Save snapshot
              </Button>
            ) : null}
          </>
        ) : null}
      </div>
      <canvas
        ref={canvasRef}
        data-testid="whiteboard-canvas"
        data-strokes={board.strokes.length}
        role="img"
        aria-label={`Shared whiteboard, ${board.strokes.length} ${board.strokes.length === 1 ? 'stroke' : 'strokes'}. Draw with a mouse, pen or finger.`}
        className="aspect-video w-full touch-none rounded-[var(--radius-control)] border border-line bg-white"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture?.(e.pointerId)
          const p = point(e)
          const id = newId()
          drawing.current = { id, last: p }
          mine.current.push(id)
          setMineCount(mine.current.length)
          onOp(strokeOp(id, [p]))
        }}
        onPointerMove={(e) => {
          const d = drawing.current
          if (!d) return
          const p = point(e)
          if (Math.abs(p[0] - d.last[0]) + Math.abs(p[1] - d.last[1]) < 0.002) return
          d.last = p
          onOp(strokeOp(d.id, [p]))
        }}
        onPointerUp={() => {
          drawing.current = null
        }}
        onPointerCancel={() => {
          drawing.current = null
        }}
      />
    </div>
  )
}
