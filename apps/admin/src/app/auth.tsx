import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, onUnauthorized } from '../api/client';
import type { LoginResult, Staff } from '../api/types';
import { can, type Capability } from '../lib/roles';

interface AuthState {
  staff: Staff | null;
  loading: boolean;
  login(username: string, password: string): Promise<Staff>;
  logout(): Promise<void>;
  can(capability: Capability): boolean;
}

const AuthContext = createContext<AuthState | null>(null);
const ME = ['auth', 'me'] as const;

/** Drop every cached answer of the previous session, but keep the "me" query its observers are bound to. */
function forgetSessionData(client: QueryClient): void {
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== ME[0] });
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const me = useQuery({
    queryKey: ME,
    queryFn: async () => {
      try {
        return await api.get<Staff>('/auth/me');
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 5 * 60_000,
    retry: 1,
  });

  // A 401 anywhere means the session ended (expired or logged out elsewhere): forget everything cached.
  useEffect(
    () =>
      onUnauthorized(() => {
        forgetSessionData(client);
        client.setQueryData(ME, null);
      }),
    [client],
  );

  const login = useCallback(
    async (username: string, password: string) => {
      const result = await api.post<LoginResult>('/auth/login', { username, password });
      forgetSessionData(client);
      client.setQueryData(ME, result.staff);
      return result.staff;
    },
    [client],
  );

  const logout = useCallback(async () => {
    try {
      await api.post('/auth/logout');
    } finally {
      forgetSessionData(client);
      client.setQueryData(ME, null);
    }
  }, [client]);

  const staff = me.data ?? null;
  const value = useMemo<AuthState>(
    () => ({ staff, loading: me.isPending, login, logout, can: (c) => can(staff?.role, c) }),
    [staff, me.isPending, login, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The logged-in staff member (pages below the login gate only). */
export function useStaff(): Staff {
  const { staff } = useAuth();
  if (!staff) throw new Error('useStaff without login');
  return staff;
}
