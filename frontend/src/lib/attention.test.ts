import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { kindWantsSound, playAttentionSound, resetAttention, setBaseTitle, setTitleCount, sound } from './attention'

const prefs = (soundOn: boolean) => ({
  notification_prefs: { email_bookings: true, email_reminders: true, email_marketing: false, push_toasts: true, sound: soundOn },
})

describe('attention', () => {
  beforeEach(() => resetAttention())
  afterEach(() => vi.restoreAllMocks())

  it('plays the sound unless the user muted it', () => {
    const play = vi.spyOn(sound, 'play').mockImplementation(() => undefined)
    expect(playAttentionSound(prefs(true))).toBe(true)
    expect(playAttentionSound(undefined)).toBe(true) // before /me loads: the default is on
    expect(play).toHaveBeenCalledTimes(2)
    expect(playAttentionSound(prefs(false))).toBe(false)
    expect(play).toHaveBeenCalledTimes(2)
  })

  it('rings for new requests, answers and reminders, not for everything', () => {
    for (const kind of ['request_received', 'request_accepted', 'request_offered', 'request_declined', 'offer_accepted', 'session.reminder', 'session_reminder'])
      expect(kindWantsSound(kind), kind).toBe(true)
    for (const kind of ['booking_confirmed', 'payment_captured', 'welcome']) expect(kindWantsSound(kind), kind).toBe(false)
  })

  it('puts the unread count in front of the page title and takes it away at zero', () => {
    setBaseTitle('Mentor dashboard · PeerLearn')
    expect(document.title).toBe('Mentor dashboard · PeerLearn')
    setTitleCount(3)
    expect(document.title).toBe('(3) Mentor dashboard · PeerLearn')
    setBaseTitle('Messages · PeerLearn') // navigating keeps the count
    expect(document.title).toBe('(3) Messages · PeerLearn')
    setTitleCount(150)
    expect(document.title).toBe('(99+) Messages · PeerLearn')
    setTitleCount(0)
    expect(document.title).toBe('Messages · PeerLearn')
  })
})
