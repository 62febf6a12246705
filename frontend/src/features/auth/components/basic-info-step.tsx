import { EmailField } from '@/components/form/email-field'
import { TextField } from '@/components/form/field'
import { PASSWORD_MIN } from '@/lib/validation'
import type { FieldApi } from './signup-wizard'

export function BasicInfoStep<V extends { name: string; email: string; password: string }>({ api }: { api: FieldApi<V> }) {
  return (
    <div className="space-y-4">
      <TextField
        label="Name"
        autoComplete="name"
        required
        maxLength={100}
        value={api.values.name}
        onChange={(e) => api.set('name', e.target.value as V['name'])}
        onBlur={() => api.touch('name')}
        error={api.error('name')}
      />
      <EmailField
        value={api.values.email}
        onChange={(v) => {
          api.set('email', v as V['email'])
        }}
        onBlur={() => api.touch('email')}
        error={api.error('email')}
        knownDomains={api.taxonomy.email_domains}
      />
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN}
        value={api.values.password}
        onChange={(e) => {
          api.set('password', e.target.value as V['password'])
          if (e.target.value.length >= PASSWORD_MIN) api.touch('password')
        }}
        onBlur={() => api.touch('password')}
        error={api.error('password')}
        hint={`At least ${PASSWORD_MIN} characters. Very common passwords are refused.`}
      />
    </div>
  )
}
