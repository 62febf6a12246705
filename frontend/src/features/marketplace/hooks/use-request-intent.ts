import { useCallback } from 'react'
import { useNavigate } from 'react-router'
import { rememberIntent } from '@/lib/intent'
import { showToast } from '@/lib/toast'
import { requestReturnPath } from '../utils/session-text'

/**
 * "Request Live ➤" while signed out: off to the learner signup (spec 000 §8),
 * remembering the mentor so the first sign-in returns with the form open.
 */
export function useRequestIntent() {
  const navigate = useNavigate()
  return useCallback(
    (mentor: { user_id: string; name: string }) => {
      rememberIntent(requestReturnPath(mentor.user_id), `request a live session from ${mentor.name}`)
      showToast('Create a learner account to send a request', { tone: 'info', detail: `We'll bring you straight back to ${mentor.name}.` })
      navigate('/signup/learner')
    },
    [navigate],
  )
}
