import { isDev } from '../core/devWarning';
import { ConflictKitError, type RequestInfo } from '../core/errors';

/** Every save attempt met a newer version on the server; the user's edits are kept. */
export class SaveAttemptsExhaustedError extends ConflictKitError {
  override name = 'SaveAttemptsExhaustedError';
  /** How many writes were sent. */
  readonly attempts: number;
  constructor(attempts: number, info: RequestInfo) {
    super(
      `The record kept changing on the server: ${attempts} saves in a row met a newer version${isDev ? ', so the kit stopped instead of retrying forever. Save again in a moment; with a draft, your edits are kept in it' : ''}.`,
      info,
    );
    this.attempts = attempts;
  }
}
