// Which conversation this tab shows right now: a message arriving in it is
// read on the spot (no toast, no sound); anywhere else it announces itself.
let openPeer: string | null = null

export function setOpenConversation(peerId: string | null) {
  openPeer = peerId
}

export function isOpenConversation(peerId: string): boolean {
  return openPeer === peerId && (typeof document === 'undefined' || document.visibilityState !== 'hidden')
}
