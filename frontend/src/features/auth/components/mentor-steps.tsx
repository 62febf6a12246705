import { TextAreaField } from '@/components/form/field'
import { FileField } from '@/components/form/file-field'
import { TagInput } from '@/components/form/tag-input'
import { InfoTip } from '@/components/ui/tooltip'
import { UPLOAD_RULES } from '@/lib/uploads'
import {
  validateEmail,
  validateList,
  validateName,
  validatePassword,
  validateText,
} from '@/lib/validation'
import { BasicInfoStep } from './basic-info-step'
import type { Errors, WizardStep } from './signup-wizard'

export interface MentorValues {
  name: string
  email: string
  password: string
  domains: string[]
  skills: string[]
  certifications: string[]
  bio: string
  qualifications: string
}

export const MENTOR_INITIAL: MentorValues = {
  name: '',
  email: '',
  password: '',
  domains: [],
  skills: [],
  certifications: [],
  bio: '',
  qualifications: '',
}

export function validateMentor(v: MentorValues): Errors<MentorValues> {
  return {
    name: validateName(v.name),
    email: validateEmail(v.email),
    password: validatePassword(v.password),
    domains: validateList(v.domains, 1, 10, 'domain'),
    skills: validateList(v.skills, 1, 30, 'skill'),
    certifications: v.certifications.length > 30 ? 'Add at most 30 certifications.' : null,
    bio: validateText(v.bio, 2000, true, 'bio'),
    qualifications: validateText(v.qualifications, 1000, false, 'qualifications'),
  }
}

export const MENTOR_STEPS: WizardStep<MentorValues>[] = [
  {
    id: 'basic',
    title: 'Basic info',
    short: 'Basics',
    fields: ['name', 'email', 'password'],
    render: (api) => <BasicInfoStep api={api} />,
  },
  {
    id: 'domains',
    title: 'Domain expertise',
    short: 'Domains',
    fields: ['domains'],
    render: (api) => (
      <TagInput
        label="Domains"
        required
        max={10}
        values={api.values.domains}
        onChange={(v) => {
          api.set('domains', v)
          api.touch('domains')
        }}
        options={api.taxonomy.categories}
        strict
        placeholder="Type to search, e.g. Data"
        hint="The broad areas you teach (up to 10)."
        error={api.error('domains')}
        labelAddon={<InfoTip label="What is a domain?" text="A broad field from our list, such as Programming or Data Science. Learners filter mentors by it." />}
      />
    ),
  },
  {
    id: 'skills',
    title: 'Skills & certifications',
    short: 'Skills',
    fields: ['skills', 'certifications'],
    render: (api) => (
      <div className="space-y-6">
        <TagInput
          label="Skills"
          required
          max={30}
          values={api.values.skills}
          onChange={(v) => {
            api.set('skills', v)
            api.touch('skills')
          }}
          options={api.taxonomy.skills}
          placeholder="Type a skill, e.g. Pyth…"
          hint="List specific skills like “Python” for better matches."
          error={api.error('skills')}
        />
        <TagInput
          label="Certifications"
          max={30}
          values={api.values.certifications}
          onChange={(v) => api.set('certifications', v)}
          options={[]}
          placeholder="e.g. AWS Certified Developer"
          hint="Optional. Press Enter after each one."
          error={api.error('certifications')}
        />
      </div>
    ),
  },
  {
    id: 'bio',
    title: 'Bio & qualifications',
    short: 'Bio',
    fields: ['bio', 'qualifications'],
    render: (api) => (
      <div className="space-y-4">
        <TextAreaField
          label="Bio"
          required
          maxLength={2000}
          value={api.values.bio}
          onChange={(e) => api.set('bio', e.target.value)}
          onBlur={() => api.touch('bio')}
          error={api.error('bio')}
          hint="Who you are and how you teach. Learners read this first."
        />
        <TextAreaField
          label="Qualifications"
          maxLength={1000}
          value={api.values.qualifications}
          onChange={(e) => api.set('qualifications', e.target.value)}
          onBlur={() => api.touch('qualifications')}
          error={api.error('qualifications')}
          hint="Optional. Degrees, years of experience, notable work."
        />
      </div>
    ),
  },
  {
    id: 'media',
    title: 'Profile picture & intro video',
    short: 'Media',
    fields: [],
    render: (api) => (
      <div className="space-y-6">
        <FileField
          label="Profile picture"
          kind="image"
          accept={UPLOAD_RULES.avatar.types.join(',')}
          file={api.files.avatar ?? null}
          onChange={(f) => api.setFile('avatar', f)}
          error={api.fileErrors.avatar}
          hint={`Optional. ${UPLOAD_RULES.avatar.label}.`}
        />
        <FileField
          label="Intro video"
          kind="video"
          accept={UPLOAD_RULES.intro_video.types.join(',')}
          file={api.files.intro_video ?? null}
          onChange={(f) => api.setFile('intro_video', f)}
          error={api.fileErrors.intro_video}
          hint={`Optional. ${UPLOAD_RULES.intro_video.label}. Both files upload once your email is verified.`}
        />
      </div>
    ),
  },
]
