// TanStack Query keys for the marketplace, shared so that one place
// (live-updates.ts) can refresh the right lists when a notification arrives,
// whichever feature owns the screen.

export type SessionFilters = Record<string, string | undefined>

export const marketKeys = {
  landing: ['landing'] as const,
  landingFor: (category: string) => ['landing', category] as const,
  sessions: ['sessions'] as const,
  sessionList: (filters: SessionFilters) => ['sessions', 'list', filters] as const,
  session: (id: string) => ['sessions', 'detail', id] as const,
  mentors: ['mentors'] as const,
  mentorList: (filters: SessionFilters) => ['mentors', 'list', filters] as const,
  mentor: (id: string) => ['mentors', 'detail', id] as const,
  mentorSessions: (id: string) => ['mentors', 'sessions', id] as const,
  mentorReviews: (id: string) => ['mentors', 'reviews', id] as const,
  /** The signed-in mentor's own desk. */
  desk: ['desk'] as const,
  deskSessionsAll: ['desk', 'sessions'] as const,
  deskSessions: (tab: string) => ['desk', 'sessions', tab] as const,
  deskRequestsAll: ['desk', 'requests'] as const,
  deskRequests: (status: string) => ['desk', 'requests', status] as const,
  deskApprovals: ['desk', 'approvals'] as const,
  /** The signed-in learner's activity feed. */
  activity: ['activity'] as const,
  activityFor: (type: string) => ['activity', type] as const,
  /** The learner's seat in one session (for its card); under `activity` so a booking refreshes it. */
  seat: (sessionId: string) => ['activity', 'seat', sessionId] as const,
  rooms: ['rooms'] as const,
  room: (code: string) => ['rooms', code] as const,
  // Outside ['rooms']: refreshing the room lists must not throw away TURN credentials still valid.
  roomIce: (code: string) => ['room-ice-servers', code] as const,
}

/** Payments, earnings, withdrawals and the admin's money screens: one prefix to refresh them all. */
export const payKeys = {
  all: ['payments'] as const,
  mine: ['payments', 'mine'] as const,
  order: (orderId: string) => ['payments', 'order', orderId] as const,
  earnings: ['payments', 'earnings'] as const,
  series: (days: number) => ['payments', 'earnings', 'series', days] as const,
  payoutAccount: ['payments', 'payout-account'] as const,
  withdrawals: ['payments', 'withdrawals'] as const,
  admin: ['payments', 'admin'] as const,
  adminPayments: (status: string) => ['payments', 'admin', 'list', status] as const,
  revenue: ['payments', 'admin', 'revenue'] as const,
  webhooks: ['payments', 'admin', 'webhooks'] as const,
  reconciliation: ['payments', 'admin', 'reconciliation'] as const,
}
