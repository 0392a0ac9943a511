import { answer, api, ApiError, type AnswerOf } from './http';

/** The signed-in user, as GET /api/me answers. */
export type Me = AnswerOf<typeof api.me.$get>['user'];

export const authApi = {
  login: async (email: string, password: string) =>
    (await answer(api.auth.login.$post({ json: { email, password } }), { quiet401: true })).user,
  logout: () => answer(api.auth.logout.$post()),
  /** The signed-in user, or null when signed out. */
  async me(): Promise<Me | null> {
    try {
      return (await answer(api.me.$get(), { quiet401: true })).user;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return null;
      throw err;
    }
  },
  /** The demo accounts when the server runs on the demo content it created; null on a real deployment (or unreachable). */
  demo: async () => {
    try {
      return (await answer(api.auth.demo.$get(), { quiet401: true })).demo;
    } catch {
      return null;
    }
  },
  changePassword: (currentPassword: string, newPassword: string) =>
    answer(api.me.password.$post({ json: { currentPassword, newPassword } })),
};
