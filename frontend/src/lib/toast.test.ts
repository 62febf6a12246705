import { beforeEach, describe, expect, it } from 'vitest'
import { showToast, toastStore } from './toast'

const messages = () => toastStore.getSnapshot().map((t) => t.message)

describe('one toast per outcome', () => {
  beforeEach(() => toastStore.reset())

  it('the page first: the server push of the same outcome is dropped', () => {
    showToast('Booked ✔', { outcome: 'booking_confirmed' })
    showToast('Booked ✔ Algebra', { outcome: 'booking_confirmed', echo: true })
    expect(messages()).toEqual(['Booked ✔'])
  })

  it('the push first (the WebSocket beat the HTTP answer): the page\'s toast replaces it', () => {
    showToast('Accepted: Algebra', { outcome: 'request_accepted', echo: true })
    showToast('Confirmed ✔', { outcome: 'request_accepted' })
    expect(messages()).toEqual(['Confirmed ✔'])
  })

  it('other outcomes still stack', () => {
    showToast('Booked ✔', { outcome: 'booking_confirmed' })
    showToast('New offer', { outcome: 'request_offered', echo: true })
    expect(messages()).toEqual(['Booked ✔', 'New offer'])
  })
})
