/** The ClusterError a promise is rejected with; fails the test if it resolves or rejects with anything else. */
import { ClusterError } from '../../src/kube/ClusterError.ts';

export async function rejection(p: Promise<unknown>): Promise<ClusterError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ClusterError) return e;
    throw e;
  }
  throw new Error('expected a ClusterError');
}
