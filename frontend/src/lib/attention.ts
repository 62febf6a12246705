// Sound and attention, shared by the features that announce things (the
// bell's notifications, direct messages): a short beep, muteable in the
// profile settings (`notification_prefs.sound`, stored server-side), and the
// unread count in the tab title, e.g. "(3) Learner dashboard · PeerLearn".
import type { Me } from './api-types'

/** Notification kinds that deserve a sound: new requests, answers to them, and session reminders. */
const SOUND_KINDS = new Set([
  'request_received',
  'request_accepted',
  'request_offered',
  'request_declined',
  'offer_accepted',
  'offer_declined',
])

export function kindWantsSound(kind: string): boolean {
  // Reminders come from the scheduled jobs (`session.reminder`, or any kind naming a reminder).
  return SOUND_KINDS.has(kind) || /reminder/.test(kind)
}

export function soundMuted(me: Pick<Me, 'notification_prefs'> | undefined | null): boolean {
  return me?.notification_prefs?.sound === false
}

type AudioContextCtor = new () => AudioContext

let context: AudioContext | null = null

/** A short two-tone beep through WebAudio (no asset to download); silently nothing where unsupported. */
export function beep(): void {
  try {
    const Ctor: AudioContextCtor | undefined =
      typeof window === 'undefined'
        ? undefined
        : (window.AudioContext ?? (window as unknown as { webkitAudioContext?: AudioContextCtor }).webkitAudioContext)
    if (!Ctor) return
    context ??= new Ctor()
    const ctx = context
    if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined)
    const start = ctx.currentTime
    const gain = ctx.createGain()
    gain.gain.setValueAtTime(0.0001, start)
    gain.gain.exponentialRampToValueAtTime(0.15, start + 0.02)
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.32)
    gain.connect(ctx.destination)
    for (const [freq, at] of [
      [880, 0],
      [1320, 0.12],
    ] as const) {
      const osc = ctx.createOscillator()
      osc.type = 'sine'
      osc.frequency.setValueAtTime(freq, start + at)
      osc.connect(gain)
      osc.start(start + at)
      osc.stop(start + at + 0.18)
    }
  } catch {
    // Autoplay policy or no audio device: the toast still tells it.
  }
}

/** Test seam: what `playAttentionSound` calls (tests swap it for a spy). */
export const sound = { play: beep }

/** Plays the sound unless the user muted it in Settings. Returns whether it played. */
export function playAttentionSound(me: Pick<Me, 'notification_prefs'> | undefined | null): boolean {
  if (soundMuted(me)) return false
  sound.play()
  return true
}

// ---- the tab title --------------------------------------------------------

const PREFIX = /^\(\d+\+?\)\s+/
let baseTitle: string | null = null
let count = 0

function render() {
  if (typeof document === 'undefined') return
  const base = baseTitle ?? document.title.replace(PREFIX, '')
  baseTitle = base
  document.title = count > 0 ? `(${count > 99 ? '99+' : count}) ${base}` : base
}

/** The page's own title (usePageTitle); the unread count is put in front of it. */
export function setBaseTitle(title: string): void {
  baseTitle = title.replace(PREFIX, '')
  render()
}

/** The unread count shown in the tab title (0 shows none). */
export function setTitleCount(next: number): void {
  count = Math.max(0, Math.floor(next))
  render()
}

/** Tests: forget the state. */
export function resetAttention(): void {
  baseTitle = null
  count = 0
}
