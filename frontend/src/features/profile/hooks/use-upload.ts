import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { UploadKind } from '@/lib/api-types'
import { setMeData } from '@/lib/auth'
import { uploadFile } from '@/lib/uploads'

export function useUpload(kind: UploadKind) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (file: File) => uploadFile(kind, file),
    onSuccess: (me) => setMeData(queryClient, me),
  })
}
