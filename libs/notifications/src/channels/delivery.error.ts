/**
 * A delivery attempt that failed. `retryable` false means another attempt would fail the same way (a 4xx from
 * the peer, a rejected recipient, refused credentials): the delivery is marked failed at once.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
