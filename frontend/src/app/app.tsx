import { useEffect, useState } from 'react'
import { RouterProvider } from 'react-router'
import { registerNavigate } from '@/lib/navigation'
import { AppProvider } from './provider'
import { createAppRouter } from './router'

export function App() {
  const [router] = useState(createAppRouter)
  useEffect(
    () => registerNavigate((to, options) => router.navigate(to, { replace: options?.replace })),
    [router],
  )
  return (
    <AppProvider>
      <RouterProvider router={router} />
    </AppProvider>
  )
}
