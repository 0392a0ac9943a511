/** Request bodies for review rounds and email settings (docs/PROTOCOL.md, "Review rounds", "Email"). */
import { z } from 'zod';
import { MAX_ID_LENGTH, MAX_ROUND_MESSAGE_LENGTH, MAX_ROUND_REMINDER_HOURS, MAX_ROUND_SECTIONS } from './limits.js';

/** ISO 8601 with a time and an offset (`Z` or `+01:00`): a deadline must be one instant everywhere. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export const openRoundBody = z.object({
  deadline: z
    .string({ error: 'is required: an ISO 8601 date and time with an offset, e.g. 2031-03-14T17:00:00Z' })
    .regex(ISO_INSTANT, 'must be an ISO 8601 date and time with an offset, e.g. 2031-03-14T17:00:00Z')
    .refine((s) => !Number.isNaN(Date.parse(s)), 'is not a real date'),
  message: z.string().max(MAX_ROUND_MESSAGE_LENGTH, `must be at most ${MAX_ROUND_MESSAGE_LENGTH} characters`).default(''),
  sections: z
    .array(z.string().min(1).max(MAX_ID_LENGTH), { error: 'must be a list of heading block ids' })
    .min(1, 'must name at least one heading (leave it out for the whole document)')
    .max(MAX_ROUND_SECTIONS, `may name at most ${MAX_ROUND_SECTIONS} headings`)
    .optional()
    .describe('Heading block ids; each covers its heading and everything under it. Omitted: the whole document'),
  reminderHours: z
    .number({ error: `must be a whole number of hours from 0 to ${MAX_ROUND_REMINDER_HOURS}` })
    .int(`must be a whole number of hours from 0 to ${MAX_ROUND_REMINDER_HOURS}`)
    .min(0, `must be a whole number of hours from 0 to ${MAX_ROUND_REMINDER_HOURS}`)
    .max(MAX_ROUND_REMINDER_HOURS, `must be a whole number of hours from 0 to ${MAX_ROUND_REMINDER_HOURS}`)
    .optional()
    .describe('Email a reminder this many hours before the deadline to those with work left (default 24; 0: none)'),
});
export type OpenRoundBody = z.input<typeof openRoundBody>;

export const EMAIL_MODES = ['every', 'digest', 'none'] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];

export const notificationSettingsBody = z.object({
  docId: z.string({ error: 'is required' }).min(1).max(MAX_ID_LENGTH),
  email: z.enum(EMAIL_MODES, { error: 'must be "every", "digest" or "none"' }),
});
export type NotificationSettingsBody = z.input<typeof notificationSettingsBody>;

export const unsubscribeQuery = z.object({
  token: z.string({ error: 'is required' }).min(1).max(1000).describe('The signed token from an email'),
});
