import { createContext, useContext } from 'react'

export interface AuthSelectorApi {
  open: () => void
  close: () => void
}

export const AuthSelectorContext = createContext<AuthSelectorApi>({
  open: () => {},
  close: () => {},
})

/** Opens the "Learner or Mentor?" selector from anywhere. */
export function useAuthSelector(): AuthSelectorApi {
  return useContext(AuthSelectorContext)
}
