import { useEffect } from 'react'

export function usePageTitle(title: string) {
  useEffect(() => {
    document.title = title ? `${title} · PeerLearn` : 'PeerLearn — live one-to-one learning'
  }, [title])
}
