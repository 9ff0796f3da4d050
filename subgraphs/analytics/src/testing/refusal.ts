import { codeOf } from '@ukp/kit';
import type { GraphQLError } from 'graphql';

/** The error `work` is refused with; fails the test when it is accepted. */
export async function refusal(work: Promise<unknown>): Promise<GraphQLError> {
  try {
    await work;
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error('expected a refusal');
}

/** What a bad-input test compares: the refusal's code and the field it names. */
export async function refusedWith(
  work: Promise<unknown>,
): Promise<{ code: string | undefined; field: unknown }> {
  const error = await refusal(work);
  return { code: codeOf(error), field: error.extensions?.field };
}

/** `refusedWith`'s answer for a BAD_USER_INPUT naming `field`. */
export const badInput = (field: string) => ({ code: 'BAD_USER_INPUT', field });
