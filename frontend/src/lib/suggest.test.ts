import { describe, expect, it } from 'vitest'
import { autocomplete, autocorrect, editDistance, isValidEmail, suggestEmail } from './suggest'

describe('email typo hint', () => {
  it('suggests gmail.com for gmial.com (transposed letters)', () => {
    expect(suggestEmail('asha@gmial.com')).toBe('asha@gmail.com')
  })

  it('fixes a mistyped top-level domain and uses taxonomy domains', () => {
    expect(suggestEmail('asha@gmail.con')).toBe('asha@gmail.com')
    expect(suggestEmail('ravi@peerlearn.iov', ['peerlearn.io'])).toBe('ravi@peerlearn.io')
  })

  it('stays quiet for correct, unknown-but-distant or incomplete addresses', () => {
    expect(suggestEmail('asha@gmail.com')).toBeNull()
    expect(suggestEmail('asha@iitb.ac.in')).toBeNull()
    expect(suggestEmail('asha@')).toBeNull()
    expect(suggestEmail('asha')).toBeNull()
  })

  it('validates the email format', () => {
    expect(isValidEmail('asha@example.com')).toBe(true)
    expect(isValidEmail('asha@example')).toBe(false)
    expect(isValidEmail('asha example.com')).toBe(false)
  })
})

describe('autocomplete', () => {
  const skills = ['Python', 'PyTorch', 'JavaScript', 'Machine Learning', 'SQL']

  it('completes "Pyth" to "Python" first', () => {
    expect(autocomplete('Pyth', skills)[0]).toBe('Python')
  })

  it('matches word prefixes and ignores case', () => {
    expect(autocomplete('learn', skills)).toEqual(['Machine Learning'])
    expect(autocomplete('sql', skills)).toEqual(['SQL'])
  })

  it('tolerates a typo and leaves out chosen values', () => {
    expect(autocomplete('Pyhton', skills)).toContain('Python')
    expect(autocomplete('Py', skills, { exclude: ['Python'] })).toEqual(['PyTorch'])
  })

  it('autocorrects to the canonical spelling', () => {
    expect(autocorrect('pyhton', skills)).toBe('Python')
    expect(autocorrect('javascript', skills)).toBe('JavaScript')
    expect(autocorrect('Rust', skills)).toBe('Rust')
  })

  it('computes edit distance with transpositions', () => {
    expect(editDistance('gmial', 'gmail')).toBe(1)
    expect(editDistance('kitten', 'sitting')).toBe(3)
  })
})
