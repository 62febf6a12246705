import { useMemo, useState } from 'react'
import { errorMessage } from '@/lib/api-client'
import type { Me, NotificationPrefs } from '@/lib/api-types'
import { cn } from '@/lib/cn'
import { formatDateTime, listTimezones } from '@/lib/format'
import { showToast } from '@/lib/toast'
import { FieldShell } from '@/components/form/field'
import { describedBy, inputClass } from '@/components/form/field-utils'
import { Switch } from '@/components/ui/switch'
import { useUpdateMe } from '../api/update-me'

const PREFS: { key: keyof NotificationPrefs; label: string; description: string }[] = [
  {
    key: 'email_bookings',
    label: 'Booking emails',
    description: 'Requests, offers, confirmations and cancellations.',
  },
  { key: 'email_reminders', label: 'Reminder emails', description: '30 and 10 minutes before a session starts.' },
  { key: 'email_marketing', label: 'News and offers', description: 'Occasional product news. Off by default.' },
  { key: 'push_toasts', label: 'Pop-up notifications', description: 'Show a toast in the app when something happens.' },
  { key: 'sound', label: 'Sounds', description: 'A short sound for new requests, answers, reminders and messages.' },
]

export function SettingsForm({ me }: { me: Me }) {
  const update = useUpdateMe()
  const zones = useMemo(() => listTimezones(), [])
  const [tz, setTz] = useState(me.timezone)
  const [prefs, setPrefs] = useState<NotificationPrefs>(me.notification_prefs)
  const [now] = useState(() => new Date())

  const saveTimezone = async (next: string) => {
    const previous = tz
    setTz(next)
    try {
      await update.mutateAsync({ timezone: next })
      showToast('Timezone saved ✔', { tone: 'success' })
    } catch (error) {
      setTz(previous)
      showToast('Could not save your timezone', { tone: 'error', detail: errorMessage(error) })
    }
  }

  const savePref = async (key: keyof NotificationPrefs, value: boolean) => {
    const previous = prefs
    setPrefs({ ...prefs, [key]: value })
    try {
      await update.mutateAsync({ notification_prefs: { ...prefs, [key]: value } })
      showToast('Settings saved ✔', { tone: 'success' })
    } catch (error) {
      setPrefs(previous)
      showToast('Could not save your settings', { tone: 'error', detail: errorMessage(error) })
    }
  }

  return (
    <div className="space-y-8">
      <section aria-labelledby="tz-heading" className="glass space-y-4 rounded-[var(--radius-card)] p-5 md:p-8">
        <h2 id="tz-heading" className="text-xl font-bold text-ink">
          Time zone
        </h2>
        <FieldShell id="timezone" label="Timezone" hint={`All times are shown in this zone. Now: ${formatDateTime(now, tz)}`}>
          <select
            id="timezone"
            value={tz}
            onChange={(e) => void saveTimezone(e.target.value)}
            aria-describedby={describedBy('timezone', true)}
            className={cn(inputClass)}
          >
            {zones.map((z) => (
              <option key={z} value={z}>
                {z.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </FieldShell>
      </section>
      <section aria-labelledby="notif-heading" className="glass rounded-[var(--radius-card)] p-5 md:p-8">
        <h2 id="notif-heading" className="mb-2 text-xl font-bold text-ink">
          Notifications
        </h2>
        <div className="divide-y divide-line">
          {PREFS.map((p) => (
            <Switch
              key={p.key}
              label={p.label}
              description={p.description}
              checked={prefs[p.key]}
              onChange={(v) => void savePref(p.key, v)}
            />
          ))}
        </div>
        <p id="always-sent" className="mt-4 text-sm text-ink-muted">
          Security alerts (a new sign-in, a changed password) and payment receipts (payments and refunds) are always
          emailed, whatever these switches say.
        </p>
      </section>
    </div>
  )
}
