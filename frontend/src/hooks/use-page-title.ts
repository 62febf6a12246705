import { useEffect } from 'react'
import { setBaseTitle } from '@/lib/attention'

export function usePageTitle(title: string) {
  useEffect(() => {
    // Through lib/attention, which keeps the unread count "(3) " in front of it.
    setBaseTitle(title ? `${title} · PeerLearn` : 'PeerLearn — live one-to-one learning')
  }, [title])
}
