import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useState } from 'react'
import { useNavigate } from 'react-router'
import { errorMessage } from '@/lib/api-client'
import type { Tokens, UploadKind } from '@/lib/api-types'
import { setMeData, startSession } from '@/lib/auth'
import { dashboardPath } from '@/lib/auth-store'
import { clearIntent, takeIntent } from '@/lib/intent'
import { showToast } from '@/lib/toast'
import { uploadFile } from '@/lib/uploads'

const UPLOAD_NAMES: Record<UploadKind, string> = {
  avatar: 'profile picture',
  intro_video: 'intro video',
}

/**
 * After tokens arrive (verify-email, login, TOTP): store the session, upload
 * any files picked in the wizard, then land on the role's dashboard — or, for
 * a learner who was sent to sign up by "Book ➤" / "Request Live ➤", back on
 * that session or mentor (lib/intent).
 */
export function useCompleteSignIn() {
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  const [uploading, setUploading] = useState<UploadKind | null>(null)

  const complete = useCallback(
    async (tokens: Tokens, files: Partial<Record<UploadKind, File | null>> = {}) => {
      startSession(queryClient, tokens)
      for (const kind of ['avatar', 'intro_video'] as const) {
        const file = files[kind]
        if (!file) continue
        setUploading(kind)
        try {
          const me = await uploadFile(kind, file)
          setMeData(queryClient, me)
        } catch (error) {
          showToast(`Your ${UPLOAD_NAMES[kind]} could not be uploaded.`, {
            tone: 'error',
            detail: `${errorMessage(error)} You can add it later from your profile.`,
          })
        }
      }
      setUploading(null)
      const intent = tokens.user.role === 'learner' ? takeIntent() : null
      if (!intent) clearIntent()
      navigate(intent?.path ?? dashboardPath(tokens.user.role), { replace: true })
    },
    [navigate, queryClient],
  )

  return { complete, uploading }
}
