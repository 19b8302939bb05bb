/**
 * A replica wrote to an operation whose lease another replica has taken over since (its fencing
 * token is stale): the write was refused, and that replica must stop running the operation.
 */
export class LeaseLost extends Error {
  constructor(readonly operationId: string) {
    super(`operation ${operationId} is run by another replica now (its lease was taken over); this replica stopped running it`);
    this.name = 'LeaseLost';
  }
}
