// Profile uploads through a presigned S3 POST: ask the API for the form
// (POST /me/uploads), send `fields` then `file` straight to S3, then tell the
// API it is there (POST /me/uploads/complete), which answers the updated Me.
import { api, ApiError } from './api-client'
import type { Me, PresignedUpload, UploadKind } from './api-types'

export const UPLOAD_RULES: Record<UploadKind, { types: string[]; maxBytes: number; label: string }> = {
  avatar: {
    types: ['image/jpeg', 'image/png', 'image/webp'],
    maxBytes: 5 * 1024 * 1024,
    label: 'JPEG, PNG or WebP, up to 5 MB',
  },
  intro_video: {
    types: ['video/mp4', 'video/webm'],
    maxBytes: 100 * 1024 * 1024,
    label: 'MP4 or WebM, up to 100 MB',
  },
}

/** A message when the file breaks the rules, otherwise null. */
export function checkUpload(kind: UploadKind, file: File): string | null {
  const rules = UPLOAD_RULES[kind]
  if (!rules.types.includes(file.type)) return `Choose a ${rules.label.split(',')[0]} file.`
  if (file.size > rules.maxBytes) return `That file is too large (${rules.label}).`
  if (file.size === 0) return 'That file is empty.'
  return null
}

/** Sends the file to storage through a presigned POST (`fields` first, then `file`). */
export async function postToStorage(presigned: PresignedUpload, file: File): Promise<void> {
  const form = new FormData()
  for (const [name, value] of Object.entries(presigned.fields)) form.append(name, value)
  form.append('file', file)
  let res: Response
  try {
    res = await globalThis.fetch(presigned.url, { method: 'POST', body: form })
  } catch {
    throw new ApiError(0, { error: 'network_error', message: 'The upload could not reach storage.' })
  }
  if (!res.ok) {
    throw new ApiError(res.status, { error: 'upload_failed', message: 'The upload was rejected by storage.' })
  }
}

export async function uploadFile(kind: UploadKind, file: File): Promise<Me> {
  const problem = checkUpload(kind, file)
  if (problem) throw new ApiError(400, { error: 'validation_error', message: problem })
  const presigned = await api.post<PresignedUpload>('/me/uploads', {
    kind,
    content_type: file.type,
    size: file.size,
  })
  await postToStorage(presigned, file)
  return api.post<Me>('/me/uploads/complete', { kind, key: presigned.key })
}
