/** Where a server field error ("profile.skills.0") belongs in the form ("skills"). */
export function fieldFromServer(key: string): string {
  const parts = key.split('.').filter((p) => p !== 'profile' && p !== 'body' && !/^\d+$/.test(p))
  return parts[parts.length - 1] ?? key
}
