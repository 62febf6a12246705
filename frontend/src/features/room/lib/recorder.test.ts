import { describe, expect, it } from 'vitest'
import { MultipartSink } from './recorder'

describe('multipart recording upload', () => {
  it('uploads parts of at least the minimum size in order, the last one smaller, then completes', async () => {
    const calls: string[] = []
    const sizes: number[] = []
    let completed: { part_number: number; etag: string }[] = []
    const sink = new MultipartSink(
      {
        start: async () => {
          calls.push('start')
          return { recording_id: 'r1' }
        },
        partUrl: async (_id, n) => {
          calls.push(`url ${n}`)
          return { url: `https://s3/part/${n}` }
        },
        put: async (url, body) => {
          sizes.push(body.size)
          return `"etag-${url.split('/').pop()}"`
        },
        complete: async (_id, parts) => {
          completed = parts
        },
      },
      1000,
    )
    await sink.begin() // at once, while consent holds
    expect(calls).toEqual(['start'])
    for (let i = 0; i < 7; i++) sink.push(new Blob([new Uint8Array(400)]))
    await sink.finish()
    expect(calls).toEqual(['start', 'url 1', 'url 2', 'url 3'])
    expect(sizes).toEqual([1200, 1200, 400])
    expect(completed).toEqual([
      { part_number: 1, etag: '"etag-1"' },
      { part_number: 2, etag: '"etag-2"' },
      { part_number: 3, etag: '"etag-3"' },
    ])
  })
})
