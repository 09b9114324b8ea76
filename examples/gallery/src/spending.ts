/**
 * Called when a generation was answered (or refused for want of credits),
 * so the credits shown are fetched again (components/Account.tsx). Outside
 * the sign-in mode nobody listens: the default does nothing.
 */
import { createContext } from 'react';

export const OnSpent = createContext<() => void>(() => undefined);
