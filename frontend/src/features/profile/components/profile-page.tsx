import { useSearchParams } from 'react-router'
import { usePageTitle } from '@/hooks/use-page-title'
import { useMe } from '@/lib/auth'
import { QueryStatus } from '@/components/ui/query-status'
import { TabList, TabPanel } from '@/components/ui/tabs'
import { ProfileForm } from './profile-form'
import { SettingsForm } from './settings-form'

const TABS = [
  { id: 'profile', label: 'Profile' },
  { id: 'settings', label: 'Settings' },
]

/** /profile — tabs [Profile, Settings]; the tab lives in the URL (?tab=settings). */
export function ProfilePage() {
  const [params, setParams] = useSearchParams()
  const tab = params.get('tab') === 'settings' ? 'settings' : 'profile'
  usePageTitle(tab === 'settings' ? 'Settings' : 'Profile')
  const me = useMe()
  return (
    <section aria-labelledby="profile-heading" className="mx-auto max-w-3xl space-y-6 px-4 py-8">
      <h1 id="profile-heading" className="text-3xl font-extrabold text-primary">
        Profile &amp; settings
      </h1>
      <TabList
        items={TABS}
        value={tab}
        label="Profile sections"
        idPrefix="profile"
        onChange={(id) => setParams(id === 'settings' ? { tab: 'settings' } : {}, { replace: true })}
      />
      <TabPanel idPrefix="profile" id={tab}>
        <QueryStatus query={me} what="your profile" label="Loading your profile">
          {(data) => (tab === 'settings' ? <SettingsForm me={data} /> : <ProfileForm key={data.user_id} me={data} />)}
        </QueryStatus>
      </TabPanel>
    </section>
  )
}
