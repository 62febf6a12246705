import { describe, expect, it } from 'vitest'
import { checkChat, mergeMessages, type ChatLine } from './chat'

const msg = (id: string, at: string, extra: Partial<ChatLine> = {}): ChatLine => ({
  message_id: id,
  sender_id: 'u1',
  sender_name: 'Asha',
  sender_role: 'learner',
  text: id,
  sent_at: at,
  client_id: `c-${id}`,
  ...extra,
})

describe('chat merge', () => {
  it('orders oldest first and keeps each message once', () => {
    const out = mergeMessages([msg('b', '2026-01-01T00:00:02Z')], [msg('a', '2026-01-01T00:00:01Z'), msg('b', '2026-01-01T00:00:02Z')])
    expect(out.map((m) => m.message_id)).toEqual(['a', 'b'])
  })
  it("replaces the optimistic copy with the server's (same client_id)", () => {
    const local = msg('local-1', '2026-01-01T00:00:09Z', { client_id: 'c1', pending: true })
    const out = mergeMessages([msg('a', '2026-01-01T00:00:01Z'), local], [msg('srv-1', '2026-01-01T00:00:05Z', { client_id: 'c1' })])
    expect(out.map((m) => [m.message_id, Boolean(m.pending)])).toEqual([['a', false], ['srv-1', false]])
  })
  it('checks length after trimming', () => {
    expect(checkChat('   ')).toBe('Type a message first.')
    expect(checkChat('x'.repeat(2001))).toMatch(/up to 2,000/)
    expect(checkChat(' ok ')).toBeNull()
  })
})
