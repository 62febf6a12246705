import { useQuery } from '@tanstack/react-query'
import { api, ApiError } from '@/lib/api-client'
import { postToStorage } from '@/lib/uploads'
import { LIMITS, RESOURCE_TYPES, type PageOut, type PresignedPostOut, type ResourceKind, type ResourceOut } from './protocol'
import { roomPath } from './get-room'

export const RESOURCE_RULE_TEXT = 'PDF, images (PNG, JPEG, WebP), text or Markdown, PowerPoint, Word, Excel or ZIP — up to 25 MB'

/** The type the server will accept for this file (by extension; the browser's type is often empty for .md), or null. */
export function resourceContentType(file: { name: string; type: string }): string | null {
  const ext = file.name.split('.').pop()?.toLowerCase() ?? ''
  const byExt = RESOURCE_TYPES[ext]
  if (!byExt) return null
  return byExt
}

/** The client-side check of the allow-list and size (the server checks again). */
export function checkResource(file: { name: string; type: string; size: number }, kind: ResourceKind = 'file'): string | null {
  if (kind === 'whiteboard') {
    if (file.type !== 'image/png') return 'A whiteboard snapshot is a PNG image.'
    if (file.size > LIMITS.whiteboardPngMaxBytes) return 'The snapshot is over 5 MB.'
    return null
  }
  if (!resourceContentType(file)) return `That type of file can't be shared. Allowed: ${RESOURCE_RULE_TEXT}.`
  if (file.size === 0) return 'That file is empty.'
  if (file.size > LIMITS.resourceMaxBytes) return `That file is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is 25 MB.`
  return null
}

/**
 * Mentor: POST …/resources (presigned POST) → upload straight to storage →
 * POST …/resources/{id}/complete.
 */
export async function uploadResource(roomCode: string, file: File, kind: ResourceKind = 'file'): Promise<ResourceOut> {
  const problem = checkResource(file, kind)
  if (problem) throw new ApiError(400, { error: 'validation_error', message: problem })
  const contentType = kind === 'whiteboard' ? 'image/png' : resourceContentType(file)!
  const presigned = await api.post<PresignedPostOut>(`${roomPath(roomCode)}/resources`, {
    filename: file.name,
    content_type: contentType,
    size_bytes: file.size,
    kind,
  })
  await postToStorage({ url: presigned.url, fields: presigned.fields, key: '' } as Parameters<typeof postToStorage>[0], file)
  return api.post<ResourceOut>(`${roomPath(roomCode)}/resources/${encodeURIComponent(presigned.resource_id)}/complete`, {})
}

export const resourcesKey = (roomCode: string) => ['rooms', roomCode, 'resources'] as const

/** GET …/resources — download links last 5 minutes, so the list refreshes itself. */
export function useResources(roomCode: string, enabled = true) {
  return useQuery({
    queryKey: resourcesKey(roomCode),
    queryFn: ({ signal }) => api.get<PageOut<ResourceOut>>(`${roomPath(roomCode)}/resources`, { signal }),
    enabled,
    staleTime: 60_000,
    refetchInterval: 4 * 60_000,
  })
}
