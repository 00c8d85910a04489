import { RelaisError } from '@relais/contracts';

/** A lot id that names no lot: a 404 on every route. */
export class LotNotFound extends RelaisError {
  readonly kind = 'not_found';

  constructor(id: number) {
    super(`No lot ${id} in the pricing database`);
    this.name = 'LotNotFound';
  }
}
