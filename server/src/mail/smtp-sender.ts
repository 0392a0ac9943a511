/**
 * Sends one email through SMTP with nodemailer (SMTP_URL: smtp:// or smtps://).
 * Errors say whether trying again can help: a 5xx answer (unknown address,
 * refused message) is permanent; connection failures and 4xx are not.
 */
import nodemailer from 'nodemailer';
import { SendError, type MailSender } from './mail-sender.js';

/** Longest wait for the SMTP server at each step, so a hung server delays mail but never blocks the worker. */
const SMTP_TIMEOUT_MS = 30_000;

export function smtpSender(smtpUrl: string, from: string): MailSender {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    async send(m) {
      try {
        await transport.sendMail({
          from,
          to: m.to,
          subject: m.subject,
          text: m.text,
          html: m.html,
          messageId: m.messageId,
          ...(m.unsubscribeUrl
            ? { headers: { 'List-Unsubscribe': `<${m.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } }
            : {}),
        });
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        const text = (err as Error).message ?? String(err);
        throw new SendError(code ? `${code} ${text}` : text, code !== undefined && code >= 500 && code < 600);
      }
    },
    close() {
      transport.close();
    },
  };
}
