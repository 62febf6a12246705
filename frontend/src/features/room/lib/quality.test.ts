import { describe, expect, it } from 'vitest'
import { classify, figures, maxBitrateFor, sampleStats } from './quality'

describe('quality classifier', () => {
  it('reads RTT from the nominated pair and sums inbound/outbound RTP', () => {
    const s = sampleStats(
      [
        { type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: 0.042 },
        { type: 'inbound-rtp', kind: 'video', packetsReceived: 900, packetsLost: 10, bytesReceived: 1_000_000 },
        { type: 'inbound-rtp', kind: 'audio', packetsReceived: 100, packetsLost: 0, bytesReceived: 50_000 },
        { type: 'outbound-rtp', kind: 'video', bytesSent: 2_000_000 },
      ],
      1000,
    )
    expect(s).toEqual({ at: 1000, rtt: 0.042, packetsReceived: 1000, packetsLost: 10, bytesReceived: 1_050_000, bytesSent: 2_000_000 })
  })

  it('turns two samples into RTT, loss and bitrate', () => {
    const a = { at: 0, rtt: 0.05, packetsReceived: 1000, packetsLost: 0, bytesReceived: 0, bytesSent: 0 }
    const b = { at: 2000, rtt: 0.08, packetsReceived: 1950, packetsLost: 50, bytesReceived: 250_000, bytesSent: 500_000 }
    const f = figures(a, b)
    expect(f.rttMs).toBe(80)
    expect(f.loss).toBeCloseTo(0.05)
    expect(f.inKbps).toBe(1000)
    expect(f.outKbps).toBe(2000)
  })

  it.each([
    [{ rttMs: 40, loss: 0, inKbps: 1500, outKbps: 1500 }, 'good'],
    [{ rttMs: null, loss: 0.01, inKbps: 0, outKbps: 0 }, 'good'],
    [{ rttMs: 350, loss: 0.0, inKbps: 900, outKbps: 900 }, 'fair'],
    [{ rttMs: 80, loss: 0.05, inKbps: 900, outKbps: 900 }, 'fair'],
    [{ rttMs: 700, loss: 0, inKbps: 300, outKbps: 300 }, 'poor'],
    [{ rttMs: 60, loss: 0.2, inKbps: 300, outKbps: 300 }, 'poor'],
  ] as const)('%o → %s', (f, level) => {
    expect(classify(f)).toBe(level)
  })

  it('caps the sender bitrate when poor', () => {
    expect(maxBitrateFor('poor')).toBe(300_000)
    expect(maxBitrateFor('good')).toBeUndefined()
  })
})
