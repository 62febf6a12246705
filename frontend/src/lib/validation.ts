// Client-side rules mirroring docs/api.md, so mistakes show while typing.
import { isValidEmail } from './suggest'

export const PASSWORD_MIN = 10

export function validateName(name: string): string | null {
  const v = name.trim()
  if (!v) return 'Enter your name.'
  if (v.length > 100) return 'Keep your name under 100 characters.'
  return null
}

export function validateEmail(email: string): string | null {
  if (!email.trim()) return 'Enter your email address.'
  if (!isValidEmail(email)) return 'Enter a valid email address, like name@example.com.'
  return null
}

export function validatePassword(password: string): string | null {
  if (!password) return 'Choose a password.'
  if (password.length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters (${password.length} so far).`
  return null
}

export function validateCode(code: string): string | null {
  if (!/^\d{6}$/.test(code)) return 'Enter the 6-digit code.'
  return null
}

export function validateList(values: string[], min: number, max: number, what: string): string | null {
  if (values.length < min) return min === 1 ? `Add at least one ${what}.` : `Add at least ${min} ${what}s.`
  if (values.length > max) return `Add at most ${max} ${what}s.`
  return null
}

export function validateText(value: string, max: number, required: boolean, what: string): string | null {
  const v = value.trim()
  if (required && !v) return `Add your ${what}.`
  if (v.length > max) return `Keep your ${what} under ${max} characters.`
  return null
}

/** Only digits, at most 6 (what people paste often has spaces or dashes). */
export function normalizeCode(raw: string): string {
  return raw.replace(/\D/g, '').slice(0, 6)
}
