import { describe, expect, it } from 'vitest'
import { RestartPolicy } from './restart-policy'

describe('ICE restart policy', () => {
  it('waits out a short disconnect, then restarts', () => {
    const p = new RestartPolicy(3, 2500, 8000)
    expect(p.update('connected', 0)).toBe('none')
    expect(p.update('disconnected', 1000)).toBe('none')
    expect(p.health).toBe('reconnecting')
    expect(p.update('tick', 2000)).toBe('none')
    expect(p.update('connected', 2500)).toBe('none')
    expect(p.health).toBe('connected')
    expect(p.update('disconnected', 10_000)).toBe('none')
    expect(p.update('tick', 12_600)).toBe('restart')
    expect(p.restarts).toBe(1)
  })

  it('restarts at once on failed, at most 3 times, then gives up ("Rejoin?")', () => {
    const p = new RestartPolicy(3, 2500, 8000)
    p.update('connected', 0)
    const actions: string[] = []
    let t = 1000
    actions.push(p.update('failed', t))
    for (let i = 0; i < 10; i++) {
      t += 4000
      actions.push(p.update('tick', t))
      actions.push(p.update('failed', t + 10))
    }
    expect(actions.filter((a) => a === 'restart')).toHaveLength(3)
    expect(actions.filter((a) => a === 'give-up')).toHaveLength(1)
    expect(p.health).toBe('gave-up')
    expect(p.update('connected', t + 1)).toBe('none')
  })

  it('a connection that comes back resets the count', () => {
    const p = new RestartPolicy(3, 0, 8000)
    p.update('connected', 0)
    p.update('failed', 1)
    p.update('failed', 2000)
    expect(p.restarts).toBe(2)
    p.update('connected', 3000)
    expect(p.restarts).toBe(0)
  })

  it('does not restart twice within a second for a burst of failed events', () => {
    const p = new RestartPolicy(3, 0, 8000)
    p.update('connected', 0)
    expect(p.update('failed', 100)).toBe('restart')
    expect(p.update('failed', 200)).toBe('none')
    expect(p.update('failed', 300)).toBe('none')
  })
})
