import { ApiError, request } from './http';
import type { MeJson, OkJson } from '@concord/shared';
import type { Me } from './types';

export const authApi = {
  login: async (email: string, password: string) =>
    (await request<MeJson>('POST', '/api/auth/login', { email, password }, { quiet401: true })).user,
  logout: () => request<OkJson>('POST', '/api/auth/logout'),
  /** The signed-in user, or null when signed out. */
  async me(): Promise<Me | null> {
    try {
      return (await request<MeJson>('GET', '/api/me', undefined, { quiet401: true })).user;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return null;
      throw err;
    }
  },
  changePassword: (currentPassword: string, newPassword: string) =>
    request<OkJson>('POST', '/api/me/password', { currentPassword, newPassword }),
};
