/**
 * What the mail service needs from a way of sending mail. The SMTP sender
 * (smtp-sender.ts, nodemailer) implements it and loads only when SMTP_URL is
 * set; tests give their own.
 */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per idempotency key: a copy sent twice is recognisable as the same message. */
  messageId: string;
  unsubscribeUrl: string | null;
}

export class SendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

export interface MailSender {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}
