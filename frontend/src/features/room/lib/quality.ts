// Network quality from RTCPeerConnection.getStats(): round-trip time, packet
// loss and bitrate between two samples, classified good / fair / poor.
import type { QualityLevel } from '../api/protocol'

export interface StatsSample {
  at: number
  /** Seconds (the stats' unit); null when unknown. */
  rtt: number | null
  packetsReceived: number
  packetsLost: number
  bytesReceived: number
  bytesSent: number
}

export interface QualityFigures {
  rttMs: number | null
  /** 0..1 over the interval. */
  loss: number
  /** Received kbit/s over the interval. */
  inKbps: number
  outKbps: number
}

interface StatLike {
  type: string
  kind?: string
  state?: string
  nominated?: boolean
  currentRoundTripTime?: number
  packetsReceived?: number
  packetsLost?: number
  bytesReceived?: number
  bytesSent?: number
}

/** Folds an RTCStatsReport (or any iterable of stats) into one sample. */
export function sampleStats(report: Iterable<StatLike> | { forEach: (cb: (s: StatLike) => void) => void }, at: number): StatsSample {
  const sample: StatsSample = { at, rtt: null, packetsReceived: 0, packetsLost: 0, bytesReceived: 0, bytesSent: 0 }
  const visit = (s: StatLike) => {
    if (s.type === 'candidate-pair' && (s.nominated || s.state === 'succeeded') && typeof s.currentRoundTripTime === 'number') {
      sample.rtt = s.currentRoundTripTime
    } else if (s.type === 'inbound-rtp') {
      sample.packetsReceived += s.packetsReceived ?? 0
      sample.packetsLost += Math.max(0, s.packetsLost ?? 0)
      sample.bytesReceived += s.bytesReceived ?? 0
    } else if (s.type === 'outbound-rtp') {
      sample.bytesSent += s.bytesSent ?? 0
    }
  }
  if ('forEach' in report && typeof report.forEach === 'function') report.forEach(visit)
  else for (const s of report as Iterable<StatLike>) visit(s)
  return sample
}

export function figures(prev: StatsSample, next: StatsSample): QualityFigures {
  const seconds = Math.max(0.001, (next.at - prev.at) / 1000)
  const received = Math.max(0, next.packetsReceived - prev.packetsReceived)
  const lost = Math.max(0, next.packetsLost - prev.packetsLost)
  return {
    rttMs: next.rtt === null ? null : Math.round(next.rtt * 1000),
    loss: received + lost > 0 ? lost / (received + lost) : 0,
    inKbps: Math.max(0, ((next.bytesReceived - prev.bytesReceived) * 8) / 1000 / seconds),
    outKbps: Math.max(0, ((next.bytesSent - prev.bytesSent) * 8) / 1000 / seconds),
  }
}

/** Thresholds in line with common VoIP guidance (≈ ITU-T G.114 for delay). */
export function classify(f: QualityFigures): QualityLevel {
  const rtt = f.rttMs ?? 0
  if (rtt > 600 || f.loss > 0.1) return 'poor'
  if (rtt > 300 || f.loss > 0.03) return 'fair'
  return 'good'
}

/** The sender's video cap per level: poor → 300 kbit/s, fair → 800, good → no cap. */
export function maxBitrateFor(level: QualityLevel): number | undefined {
  return level === 'poor' ? 300_000 : level === 'fair' ? 800_000 : undefined
}

export const QUALITY_LABEL: Record<QualityLevel, string> = { good: 'Good connection', fair: 'Fair connection', poor: 'Poor connection' }
