import { useEffect } from 'react'
import { setTitleCount } from '@/lib/attention'

/** Shows `count` in the tab title, e.g. "(3) PeerLearn", while mounted. */
export function useTitleCount(count: number) {
  useEffect(() => {
    setTitleCount(count)
  }, [count])
  useEffect(() => () => setTitleCount(0), [])
}
