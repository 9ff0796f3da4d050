import type { Database, Logger } from '@ukp/kit';
import { mailOutbox } from '../db/schema.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: Mail, db?: Database): Promise<void>;
}

/**
 * Writes mail to the `users.mail_outbox` table (in the caller's transaction when given one) and
 * logs it. Development and tests read the outbox; a relay process would deliver from it.
 */
export function createOutboxMailer(db: Database, logger: Logger, logBodies: boolean): Mailer {
  return {
    async send(mail, tx) {
      await (tx ?? db).insert(mailOutbox).values({ to: mail.to, subject: mail.subject, body: mail.text });
      logger.info(
        { to: mail.to, subject: mail.subject, ...(logBodies ? { body: mail.text } : {}) },
        'mail queued',
      );
    },
  };
}
