// Where a direct-message conversation lives, so any feature can link to it
// ("Message" on a booking, a request or a mentor's profile) without importing
// the messages feature.
import type { Role } from './api-types'

export function messagesPath(role: Role, peerId?: string): string {
  const base = `/dashboard/${role === 'mentor' ? 'mentor' : 'learner'}/messages`
  return peerId ? `${base}/${encodeURIComponent(peerId)}` : base
}
