import type { Role } from '@/lib/api-types'

/** Where a signed-out visitor goes when opening a role's dashboard (spec 000 §8). */
export const SIGNED_OUT_REDIRECT: Record<Role, string> = {
  learner: '/signup/learner',
  mentor: '/signup/mentor',
  admin: '/login?admin=1',
}
