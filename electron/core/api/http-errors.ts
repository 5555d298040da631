// An HTTP refusal with its status and a machine-readable code; the message is one sentence for the user.
export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly code: string) {
    super(message);
  }
}
