import { useState, type FormEvent } from 'react'
import { ApiError, errorMessage } from '@/lib/api-client'
import type { Me, UploadKind } from '@/lib/api-types'
import { useTaxonomy } from '@/lib/meta'
import { showToast } from '@/lib/toast'
import { checkUpload, UPLOAD_RULES } from '@/lib/uploads'
import { validateList, validateName, validateText } from '@/lib/validation'
import { CategoryPicker } from '@/components/form/category-picker'
import { TextAreaField, TextField } from '@/components/form/field'
import { FileField } from '@/components/form/file-field'
import { TagInput } from '@/components/form/tag-input'
import { Button } from '@/components/ui/button'
import { useUpdateMe } from '../api/update-me'
import { useUpload } from '../hooks/use-upload'

interface Draft {
  name: string
  interests: string[]
  categories: string[]
  career_goal: string
  domains: string[]
  skills: string[]
  certifications: string[]
  bio: string
  qualifications: string
}

function fromMe(me: Me): Draft {
  const p = me.profile as Partial<Draft>
  return {
    name: me.name,
    interests: p.interests ?? [],
    categories: p.categories ?? [],
    career_goal: p.career_goal ?? '',
    domains: p.domains ?? [],
    skills: p.skills ?? [],
    certifications: p.certifications ?? [],
    bio: p.bio ?? '',
    qualifications: p.qualifications ?? '',
  }
}

function validate(role: Me['role'], d: Draft): Partial<Record<keyof Draft, string | null>> {
  const errors: Partial<Record<keyof Draft, string | null>> = { name: validateName(d.name) }
  if (role === 'learner') {
    errors.interests = validateList(d.interests, 1, 20, 'interest')
    errors.career_goal = validateText(d.career_goal, 100, false, 'career goal')
  }
  if (role === 'mentor') {
    errors.domains = validateList(d.domains, 1, 10, 'domain')
    errors.skills = validateList(d.skills, 1, 30, 'skill')
    errors.bio = validateText(d.bio, 2000, false, 'bio')
    errors.qualifications = validateText(d.qualifications, 1000, false, 'qualifications')
  }
  return errors
}

export function ProfileForm({ me }: { me: Me }) {
  const taxonomy = useTaxonomy()
  const [draft, setDraft] = useState<Draft>(() => fromMe(me))
  const [attempted, setAttempted] = useState(false)
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({})
  const update = useUpdateMe()
  const errors = validate(me.role, draft)
  const err = (k: keyof Draft) => serverErrors[k] ?? (attempted ? (errors[k] ?? null) : null)
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }))

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setAttempted(true)
    setServerErrors({})
    if (Object.values(errors).some(Boolean)) return
    const profile =
      me.role === 'learner'
        ? { interests: draft.interests, categories: draft.categories, career_goal: draft.career_goal.trim() }
        : me.role === 'mentor'
          ? {
              domains: draft.domains,
              skills: draft.skills,
              certifications: draft.certifications,
              bio: draft.bio.trim(),
              qualifications: draft.qualifications.trim(),
            }
          : undefined
    try {
      await update.mutateAsync({ name: draft.name.trim(), ...(profile ? { profile } : {}) })
      showToast('Profile saved ✔', { tone: 'success' })
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.fields).length) {
        const mapped: Record<string, string> = {}
        for (const [k, v] of Object.entries(error.fields)) mapped[k.split('.').filter((p) => !/^\d+$/.test(p)).pop() ?? k] = v
        setServerErrors(mapped)
      }
      showToast('Could not save your profile', { tone: 'error', detail: errorMessage(error) })
    }
  }

  return (
    <div className="space-y-8">
      <MediaUploads me={me} />
      <form onSubmit={submit} noValidate className="glass space-y-5 rounded-[var(--radius-card)] p-5 md:p-8" aria-labelledby="profile-form-heading">
        <h2 id="profile-form-heading" className="text-xl font-bold text-ink">
          About you
        </h2>
        <TextField label="Name" required maxLength={100} value={draft.name} onChange={(e) => set('name', e.target.value)} error={err('name')} autoComplete="name" />
        <TextField label="Email" value={me.email} readOnly disabled hint="Your sign-in email cannot be changed here." />
        {me.role === 'learner' ? (
          <>
            <TagInput
              label="Interests"
              required
              max={20}
              values={draft.interests}
              onChange={(v) => set('interests', v)}
              options={[...taxonomy.skills, ...taxonomy.categories]}
              error={err('interests')}
              placeholder="Type a skill or topic"
            />
            <CategoryPicker options={taxonomy.categories} values={draft.categories} onChange={(v) => set('categories', v)} error={err('categories')} />
            <TextField label="Career goal" maxLength={100} value={draft.career_goal} onChange={(e) => set('career_goal', e.target.value)} error={err('career_goal')} />
          </>
        ) : null}
        {me.role === 'mentor' ? (
          <>
            <TagInput label="Domains" required max={10} values={draft.domains} onChange={(v) => set('domains', v)} options={taxonomy.categories} strict error={err('domains')} />
            <TagInput label="Skills" required max={30} values={draft.skills} onChange={(v) => set('skills', v)} options={taxonomy.skills} error={err('skills')} />
            <TagInput label="Certifications" max={30} values={draft.certifications} onChange={(v) => set('certifications', v)} options={[]} error={err('certifications')} hint="Press Enter after each one." />
            <TextAreaField label="Bio" maxLength={2000} value={draft.bio} onChange={(e) => set('bio', e.target.value)} error={err('bio')} />
            <TextAreaField label="Qualifications" maxLength={1000} value={draft.qualifications} onChange={(e) => set('qualifications', e.target.value)} error={err('qualifications')} />
          </>
        ) : null}
        <div className="flex justify-end">
          <Button type="submit" variant="cta" loading={update.isPending}>
            Save changes
          </Button>
        </div>
      </form>
    </div>
  )
}

function MediaUploads({ me }: { me: Me }) {
  return (
    <div className="glass space-y-6 rounded-[var(--radius-card)] p-5 md:p-8">
      <h2 className="text-xl font-bold text-ink">Photo{me.role === 'mentor' ? ' & intro video' : ''}</h2>
      <UploadField kind="avatar" label="Profile picture" currentUrl={me.avatar_url} />
      {me.role === 'mentor' ? (
        <UploadField kind="intro_video" label="Intro video" currentUrl={me.profile.intro_video_url ?? null} />
      ) : null}
    </div>
  )
}

function UploadField({ kind, label, currentUrl }: { kind: UploadKind; label: string; currentUrl: string | null }) {
  const [file, setFile] = useState<File | null>(null)
  const [error, setError] = useState<string | null>(null)
  const upload = useUpload(kind)
  return (
    <div className="space-y-3">
      <FileField
        label={label}
        kind={kind === 'avatar' ? 'image' : 'video'}
        accept={UPLOAD_RULES[kind].types.join(',')}
        file={file}
        currentUrl={currentUrl}
        onChange={(f) => {
          setFile(f)
          setError(f ? checkUpload(kind, f) : null)
        }}
        error={error}
        hint={UPLOAD_RULES[kind].label}
        disabled={upload.isPending}
      />
      {file && !error ? (
        <Button
          variant="primary"
          loading={upload.isPending}
          onClick={async () => {
            try {
              await upload.mutateAsync(file)
              setFile(null)
              showToast(`${label} updated ✔`, { tone: 'success' })
            } catch (e) {
              setError(errorMessage(e, 'The upload failed.'))
            }
          }}
        >
          Upload {label.toLowerCase()}
        </Button>
      ) : null}
    </div>
  )
}
