/**
 * The engines a deployment opts into — PostgreSQL (DATABASE_URL), Redis
 * (REDIS_URL), SMTP (SMTP_URL) — load only when configured. Their client
 * libraries (postgres, ioredis, nodemailer: ~140 files) cost start-up time
 * every server would otherwise pay, including the default one on SQLite
 * (issue 21: process start → HTTP ready). Node caches a module after its first
 * import, so a second call costs nothing.
 */
export const loadPostgresStores = () => import('../store/open-pg-stores.js');
export const loadRedisEngine = () => import('./redis-engine.js');
export const loadSmtpSender = () => import('../mail/smtp-sender.js');
