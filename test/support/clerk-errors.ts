// The error a Clerk SDK call must fail with, for asserting on its status and codes.
import { isClerkAPIResponseError } from '@clerk/backend/errors';

export async function sdkError(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isClerkAPIResponseError(error)) return error;
    throw error;
  }
  throw new Error('expected the SDK call to fail');
}
