import { ApiError, request } from './http';
import type { Me } from './types';

export const authApi = {
  login: async (email: string, password: string) =>
    (await request<{ user: Me }>('POST', '/api/auth/login', { email, password }, { quiet401: true })).user,
  logout: () => request<{ ok: true }>('POST', '/api/auth/logout'),
  /** The signed-in user, or null when signed out. */
  async me(): Promise<Me | null> {
    try {
      return (await request<{ user: Me }>('GET', '/api/me', undefined, { quiet401: true })).user;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return null;
      throw err;
    }
  },
  changePassword: (currentPassword: string, newPassword: string) =>
    request<{ ok: true }>('POST', '/api/me/password', { currentPassword, newPassword }),
};
